package io.orderflow.job.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option values from outside the command line, so a deployment states its settings once. Precedence, highest first:
 * <ol>
 *   <li>the command line;</li>
 *   <li>an environment variable: {@code ORDERFLOW_} and the option's name in capitals with {@code _} for {@code -}
 *       ({@code --checkpoint-interval} is {@code ORDERFLOW_CHECKPOINT_INTERVAL});</li>
 *   <li>the configuration file ({@code --config FILE}, else {@code ORDERFLOW_CONFIG}), a Java properties file: the
 *       key {@code <command>.<option>} ({@code run.checkpoint-interval = 5s}), else {@code <option>}
 *       ({@code warehouse = /data/warehouse}) for every command that has that option;</li>
 *   <li>the option's own default.</li>
 * </ol>
 * A file that is named but cannot be read fails the command at start-up. Values are never printed: a file may hold
 * what an environment variable would (a catalog credential in a property).
 */
final class ConfiguredDefaults implements CommandLine.IDefaultValueProvider {
    static final String FILE_VARIABLE = "ORDERFLOW_CONFIG";

    private final Map<String, String> environment;
    private final Properties file = new Properties();

    /**
     * @param environment the process's environment
     * @param configFile the file {@code --config} names, or null for {@code ORDERFLOW_CONFIG}'s (or none)
     */
    ConfiguredDefaults(Map<String, String> environment, String configFile) {
        this.environment = environment;
        String path = configFile != null ? configFile : environment.get(FILE_VARIABLE);
        if (path != null && !path.isBlank()) {
            try (Reader in = Files.newBufferedReader(Path.of(path))) {
                file.load(in);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the configuration file " + path
                        + (configFile != null ? " (--config)" : " (" + FILE_VARIABLE + ")") + ": "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
            }
        }
    }

    /** The file {@code --config FILE} or {@code --config=FILE} names anywhere in {@code args}, or null. */
    static String configFileIn(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--config=")) {
                return args[i].substring("--config=".length());
            }
        }
        return null;
    }

    @Override
    public String defaultValue(ArgSpec spec) {
        if (!(spec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String name = option.longestName().replaceFirst("^-+", "");
        if (name.equals("config")) {
            return null;
        }
        String fromEnvironment = environment.get("ORDERFLOW_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        String command = option.command() == null ? null : option.command().name();
        String fromFile = command == null ? null : file.getProperty(command + "." + name);
        return fromFile != null ? fromFile.trim() : trimmed(file.getProperty(name));
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
