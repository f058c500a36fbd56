package io.orderflow.job.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Flink 2.1 standalone session cluster on loopback: one JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), each its own JVM started as
 * Flink's scripts start them ({@code --configDir}, the TaskManager's memory sizes and cores as dynamic
 * properties), on this JVM's class path (Flink and its web submission). Talks to it only through its REST API.
 * Every process is stopped, and waited for, on close; their logs stay in {@code dir/log}.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Process> processes = new ArrayList<>();
    /** The TaskManagers by index, to kill and restart them. */
    private final Map<Integer, Process> taskManagers = new java.util.HashMap<>();
    private int slotsEach;
    private int launches;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path dir;
    private final int restPort;
    /** Where the processes find Flink and their configuration, and what every JVM and entry point is given. */
    private final String classPath;
    private final Path configDir;
    private final List<String> jvmOptions;
    private final List<String> dynamicProperties;

    private StandaloneCluster(Path dir, int restPort, String classPath, Path configDir, List<String> jvmOptions,
            List<String> dynamicProperties) {
        this.dir = dir;
        this.restPort = restPort;
        this.classPath = classPath;
        this.configDir = configDir;
        this.jvmOptions = jvmOptions;
        this.dynamicProperties = dynamicProperties;
    }

    /**
     * A cluster run from a Flink installation's layout, as a container of an image runs it: Flink from {@code
     * flinkHome/lib}, the configuration of {@code flinkHome/conf} unchanged, the JVM options given (what the
     * configuration's {@code env.java.default-opts.all} says). Only what a machine running tests must choose itself
     * is given as dynamic properties: loopback addresses, free ports, directories under {@code dir}, small memory.
     */
    static StandaloneCluster fromInstallation(Path flinkHome, Path dir, int taskManagers, int slotsEach,
            List<String> jvmOptions, String... dynamicProperties) throws Exception {
        int rpcPort = freePort();
        int restPort = freePort();
        List<String> d = new ArrayList<>(List.of("jobmanager.rpc.address=localhost", "jobmanager.rpc.port=" + rpcPort,
                "jobmanager.bind-host=localhost", "taskmanager.bind-host=localhost", "taskmanager.host=localhost",
                "rest.address=localhost", "rest.bind-address=localhost", "rest.port=" + restPort,
                "blob.server.port=0", "taskmanager.numberOfTaskSlots=" + slotsEach,
                "web.upload.dir=" + Files.createDirectories(dir.resolve("uploads")),
                "web.tmpdir=" + Files.createDirectories(dir.resolve("web")),
                "io.tmp.dirs=" + Files.createDirectories(dir.resolve("tmp")),
                "jobmanager.memory.process.size=1g"));
        d.addAll(List.of(dynamicProperties));
        List<String> asArgs = new ArrayList<>();
        d.forEach(p -> asArgs.addAll(List.of("-D", p)));
        writeLog4j(Files.createDirectories(dir.resolve("conf")));
        StandaloneCluster cluster = new StandaloneCluster(dir, restPort, flinkHome.resolve("lib") + "/*",
                flinkHome.resolve("conf"), jvmOptions, asArgs);
        return cluster.startProcesses(taskManagers, slotsEach);
    }

    static StandaloneCluster start(Path dir, int taskManagers, int slotsEach) throws Exception {
        return start(dir, taskManagers, slotsEach, "restart-strategy.type: none");
    }

    /** With {@code config} lines added to the cluster's config.yaml (e.g. a restart strategy). */
    static StandaloneCluster start(Path dir, int taskManagers, int slotsEach, String... config) throws Exception {
        int rpcPort = freePort();
        int restPort = freePort();
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: localhost",
                "taskmanager.bind-host: localhost",
                "taskmanager.host: localhost",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + restPort,
                "taskmanager.numberOfTaskSlots: " + slotsEach,
                "parallelism.default: 2",
                "execution.checkpointing.savepoint-dir: " + dir.resolve("savepoints").toUri(),
                "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
                "web.upload.dir: " + Files.createDirectories(dir.resolve("uploads")),
                "web.tmpdir: " + Files.createDirectories(dir.resolve("web")),
                "io.tmp.dirs: " + Files.createDirectories(dir.resolve("tmp")),
                String.join("\n", config),
                ""));
        writeLog4j(conf);
        StandaloneCluster cluster = new StandaloneCluster(dir, restPort, System.getProperty("java.class.path"), conf,
                List.of("--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"),
                List.of());
        return cluster.startProcesses(taskManagers, slotsEach);
    }

    private static void writeLog4j(Path conf) throws IOException {
        Files.writeString(conf.resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = File",
                "appender.file.type = File",
                "appender.file.name = File",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
                ""));
    }

    private StandaloneCluster startProcesses(int taskManagers, int slotsEach) throws Exception {
        StandaloneCluster cluster = this;
        Path log = Files.createDirectories(dir.resolve("log"));
        try {
            cluster.launch("jobmanager", log, List.of("-Xmx512m"),
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", List.of());
            cluster.slotsEach = slotsEach;
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager(i);
            }
            cluster.await("the JobManager's REST API and " + taskManagers + " TaskManagers", Duration.ofMinutes(2),
                    () -> cluster.get("/taskmanagers").path("taskmanagers").size() == taskManagers);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    int restPort() {
        return restPort;
    }

    /** Starts TaskManager {@code index} (again, after {@link #killTaskManager}), as its own JVM. */
    void startTaskManager(int index) throws IOException {
        Path log = dir.resolve("log");
        launches++;
        taskManagers.put(index, launch("taskmanager-" + index + "-" + launches, log,
                List.of("-Xmx512m", "-XX:MaxDirectMemorySize=300m"),
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", List.of(
                                "-D", "taskmanager.resource-id=tm" + index + "-" + launches,
                                "-D", "taskmanager.cpu.cores=" + slotsEach,
                                "-D", "taskmanager.memory.framework.heap.size=128m",
                                "-D", "taskmanager.memory.task.heap.size=384m",
                                "-D", "taskmanager.memory.framework.off-heap.size=128m",
                                "-D", "taskmanager.memory.task.off-heap.size=0b",
                                "-D", "taskmanager.memory.network.min=64m",
                                "-D", "taskmanager.memory.network.max=64m",
                                "-D", "taskmanager.memory.managed.size=128m",
                                "-D", "taskmanager.memory.jvm-metaspace.size=256m",
                                "-D", "taskmanager.memory.jvm-overhead.min=192m",
                                "-D", "taskmanager.memory.jvm-overhead.max=192m")));
    }

    /** The index of the TaskManager with this resource id (the REST API's {@code taskmanager-id}). */
    static int taskManagerIndex(String resourceId) {
        return Integer.parseInt(resourceId.substring(2, resourceId.indexOf('-')));
    }

    /** {@code kill -9} of TaskManager {@code index}'s JVM: no shutdown hook, no goodbye to the JobManager. */
    void killTaskManager(int index) throws InterruptedException {
        Process p = taskManagers.remove(index);
        processes.remove(p);
        p.destroyForcibly().waitFor();
    }

    private Process launch(String name, Path log, List<String> jvm, String mainClass, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.add("-Dlog.file=" + log.resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile=" + dir.resolve("conf/log4j.properties").toUri());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.add("--configDir");
        command.add(configDir.toString());
        command.addAll(dynamicProperties);
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.resolve(name + ".out").toFile()).start();
        processes.add(p);
        return p;
    }

    /** Uploads a jar as {@code POST /jars/upload} does for the web UI; returns its id. */
    String upload(Path jar) throws Exception {
        String boundary = "----orderflow" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .timeout(Duration.ofMinutes(2))
                .build();
        JsonNode answer = send(request);
        String filename = answer.path("filename").asText();
        if (!"success".equals(answer.path("status").asText()) || filename.isEmpty()) {
            throw new IllegalStateException("jar upload failed: " + answer);
        }
        return Path.of(filename).getFileName().toString();
    }

    /** {@code POST /jars/:id/run}: the JobManager runs the jar's main with these arguments; returns the job id. */
    String run(String jarId, String entryClass, List<String> args, String savepoint) throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("entryClass", entryClass);
        body.put("programArgsList", args);
        if (savepoint != null) {
            body.put("savepointPath", savepoint);
            body.put("allowNonRestoredState", false);
        }
        JsonNode answer;
        try {
            answer = post("/jars/" + jarId + "/run", body);
        } catch (IOException e) {
            throw new IllegalStateException("the cluster did not answer the run request; the JobManager's output "
                    + "ends:\n" + logTail("jobmanager.out", 40), e);
        }
        if (!answer.hasNonNull("jobid")) {
            throw new IllegalStateException("the cluster did not run the jar: " + answer);
        }
        return answer.get("jobid").asText();
    }

    /** {@code POST /jobs/:id/stop}: a savepoint, then the job stops; returns the savepoint's location. */
    String stopWithSavepoint(String jobId) throws Exception {
        String request = post("/jobs/" + jobId + "/stop",
                Map.of("targetDirectory", dir.resolve("savepoints").toUri().toString(), "drain", false))
                .path("request-id").asText();
        JsonNode[] status = new JsonNode[1];
        await("the savepoint of " + jobId, Duration.ofMinutes(2), () -> {
            status[0] = get("/jobs/" + jobId + "/savepoints/" + request);
            return "COMPLETED".equals(status[0].path("status").path("id").asText());
        });
        JsonNode operation = status[0].path("operation");
        if (operation.hasNonNull("failure-cause")) {
            throw new IllegalStateException("savepoint failed: " + operation.get("failure-cause"));
        }
        return operation.path("location").asText();
    }

    String jobState(String jobId) throws Exception {
        return get("/jobs/" + jobId).path("state").asText();
    }

    JsonNode get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private JsonNode post(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    private JsonNode send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        if (response.statusCode() >= 400) {
            throw new IllegalStateException(request.method() + " " + request.uri().getPath() + ": HTTP "
                    + response.statusCode() + " " + json);
        }
        return json;
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + restPort + "/v1" + path);
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} until it holds; fails after {@code timeout} (the processes' logs say why). */
    void await(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster process died (exit " + p.exitValue() + ") while "
                            + "waiting for " + what + "; logs in " + dir.resolve("log"));
                }
            }
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (IOException | IllegalStateException e) {
                last = e; // not up yet, or not yet there
            }
            Thread.sleep(200); // polling interval of a condition with a deadline
        }
        throw new IllegalStateException("no " + what + " within " + timeout + "; logs in " + dir.resolve("log"),
                last);
    }

    /** The last lines of a file in the cluster's log directory ("jobmanager.log", "jobmanager.out"). */
    String logTail(String file, int lines) {
        try {
            List<String> all = Files.readAllLines(dir.resolve("log").resolve(file));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

}
