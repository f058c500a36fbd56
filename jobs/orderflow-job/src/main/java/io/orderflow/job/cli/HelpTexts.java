package io.orderflow.job.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * Writes every command's {@code --help} into the jar at build time ({@code help/<command>.txt}), so that
 * {@link Launcher} can answer {@code --help} where Flink is absent (a jar copied without its {@code lib/}):
 * picocli builds help by reflecting on the command classes, whose methods name Flink types. Run by the build
 * ({@code prepare-package}) with no environment or configuration file, so the defaults shown are the built-in ones.
 */
public final class HelpTexts {
    private HelpTexts() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        CommandLine cl = OrderflowCli.commandLine(Map.of(), new String[0]);
        write(dir.resolve("orderflow.txt"), cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
        write(dir.resolve("version.txt"), String.join("\n", cl.getCommandSpec().version()) + "\n");
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            write(dir.resolve(sub.getKey() + ".txt"), sub.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
    }

    private static void write(Path file, String text) throws java.io.IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
