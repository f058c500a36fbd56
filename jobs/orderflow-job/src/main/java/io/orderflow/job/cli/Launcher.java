package io.orderflow.job.cli;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Main class of the job jar. Flink is not inside the jar (a cluster provides it), so under {@code java -jar} this
 * starts the same JVM again (same JVM options, inherited console) with the jar and the Flink jars the build copied
 * to {@code lib/} beside it on the class path, and runs {@link OrderflowCli} there. A child JVM rather than a
 * class loader, because Flink's MiniCluster loads user classes through the system class path. Under
 * {@code flink run}, or with Flink already on the class path, it runs the CLI directly. No Flink imports here.
 */
public final class Launcher {
    private static final String FLINK_PROBE = "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment";
    private static final String CLI = "io.orderflow.job.cli.OrderflowCli";
    /**
     * The module flags Flink's own distribution starts every JVM with on Java 17 ({@code env.java.default-opts.all}
     * in its {@code config.yaml}): Kryo, which Flink falls back to for types without a serializer of their own (e.g.
     * Iceberg's maintenance tasks), reflects into these packages.
     */
    static final List<String> FLINK_JAVA_17_OPTIONS = List.of("--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        try {
            Class.forName(FLINK_PROBE, false, Launcher.class.getClassLoader());
            Method main = Class.forName(CLI).getMethod("main", String[].class);
            main.invoke(null, (Object) args);
            return;
        } catch (ClassNotFoundException flinkNotOnClasspath) {
            // fall through: relaunch with lib/
        }
        Path jar = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lib = jar.getParent().resolve("lib");
        if (!Files.isDirectory(lib)) {
            if (printBuiltHelp(args)) {
                System.exit(0);
            }
            System.err.println("Flink is not on the class path and " + lib + " does not exist. Build with "
                    + "`mvn package` (it copies Flink to target/lib), or submit this jar with `flink run`.");
            System.exit(2);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(FLINK_JAVA_17_OPTIONS); // before the user's own options, which may repeat or extend them
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-Dorderflow.exit=true"); // this JVM is ours: end it when the command ends
        command.add("-cp");
        command.add(jar + File.pathSeparator + lib + File.separator + "*");
        command.add(CLI);
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
        System.exit(child.waitFor());
    }

    /**
     * Answers a request for help or the version from the texts the build wrote into the jar ({@code HelpTexts}):
     * those need no Flink. Returns false when {@code args} ask for something else, or name no command.
     */
    static boolean printBuiltHelp(String[] args) throws java.io.IOException {
        List<String> given = List.of(args);
        boolean version = given.contains("--version") || given.contains("-V");
        boolean help = given.isEmpty() || given.contains("--help") || given.contains("-h");
        if (!help && !version) {
            return false;
        }
        String name = version ? "version" : !given.isEmpty() && !args[0].startsWith("-") ? args[0] : "orderflow";
        try (var text = Launcher.class.getResourceAsStream("/help/" + name + ".txt")) {
            if (text == null) {
                return false;
            }
            System.out.print(new String(text.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return true;
    }
}
