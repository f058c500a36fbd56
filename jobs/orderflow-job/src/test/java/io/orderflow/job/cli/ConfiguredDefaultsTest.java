package io.orderflow.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Options from a properties file and the environment, with the precedence README documents: command line, then
 * {@code ORDERFLOW_<OPTION>}, then the file's {@code <command>.<option>}, then its {@code <option>}, then the
 * option's default.
 */
class ConfiguredDefaultsTest {
    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsDefault(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("orderflow.properties"), String.join("\n",
                "# one deployment's settings",
                "keep = 48h",
                "maintain.keep = 12h",
                "retain-last = 7",
                "target-file-mb = 256",
                "warehouse = " + dir.resolve("from-file")));
        String[] none = {"maintain", "--config", file.toString()};

        MaintainCommand fromFile = maintain(Map.of(), none);
        assertThat(fromFile.maintenance.keep).as("the command's own key beats the bare one").isEqualTo(
                Duration.ofHours(12));
        assertThat(fromFile.maintenance.retainLast).isEqualTo(7);
        assertThat(fromFile.maintenance.targetFileMb).isEqualTo(256);
        assertThat(fromFile.maintenance.orphanMinAge).as("not configured: the option's default")
                .isEqualTo(Duration.ofDays(3));
        assertThat(fromFile.tables.warehouse).isEqualTo(dir.resolve("from-file").toString());

        Map<String, String> env = Map.of("ORDERFLOW_RETAIN_LAST", "9", "ORDERFLOW_KEEP", "2h");
        MaintainCommand fromEnv = maintain(env, none);
        assertThat(fromEnv.maintenance.retainLast).as("the environment beats the file").isEqualTo(9);
        assertThat(fromEnv.maintenance.keep).isEqualTo(Duration.ofHours(2));
        assertThat(fromEnv.maintenance.targetFileMb).isEqualTo(256);

        MaintainCommand fromArgs = maintain(env, "maintain", "--config", file.toString(), "--retain-last", "3");
        assertThat(fromArgs.maintenance.retainLast).as("the command line beats both").isEqualTo(3);

        Map<String, String> named = Map.of(ConfiguredDefaults.FILE_VARIABLE, file.toString());
        assertThat(maintain(named, "maintain").maintenance.retainLast).as("the file ORDERFLOW_CONFIG names")
                .isEqualTo(7);
        assertThat(maintain(Map.of(), "maintain").maintenance.retainLast).as("nothing configured").isEqualTo(5);
    }

    @Test
    void anUnreadableFileFailsAtStartUpNamingIt(@TempDir Path dir) {
        String missing = dir.resolve("nope.properties").toString();
        assertThatThrownBy(() -> OrderflowCli.commandLine(Map.of(), new String[] {"sql", "--config=" + missing}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read the configuration file " + missing + " (--config)");
        assertThatThrownBy(() -> OrderflowCli.commandLine(Map.of(ConfiguredDefaults.FILE_VARIABLE, missing),
                new String[] {"sql"})).hasMessageContaining("(ORDERFLOW_CONFIG)");
    }

    @Test
    void aConfiguredValueThatIsWrongIsRefusedLikeATypedOne(@TempDir Path dir) {
        CommandLine cl = OrderflowCli.commandLine(Map.of("ORDERFLOW_KEEP", "two days"), new String[0]);
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err, true));
        assertThat(cl.execute("maintain", "--warehouse", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("'two days' is not a duration").doesNotContain("\tat ");
    }

    private static MaintainCommand maintain(Map<String, String> env, String... args) {
        CommandLine cl = OrderflowCli.commandLine(env, args);
        cl.parseArgs(args);
        return cl.getSubcommands().get("maintain").getCommand();
    }
}
