package io.orderflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.job.cli.OrderflowCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files say what they mean: the Flink configuration's keys resolve to the options they name (a typo
 * would silently fall back to a default), the Kubernetes manifest carries what the Flink Kubernetes Operator
 * requires, its jar is where the Dockerfile puts it, and its job arguments are ones the CLI accepts.
 */
class DeploymentFilesTest {
    private static final Path DEPLOY = Path.of("../../deploy");

    @Test
    void theFlinkConfigurationSetsTheOptionsItNames() {
        Configuration conf = GlobalConfiguration.loadConfiguration(DEPLOY.resolve("flink").toString());
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE))
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///data/checkpoints");
        assertThat(conf.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).isEqualTo("file:///data/savepoints");
        assertThat(conf.get(ExecutionOptions.BUFFER_TIMEOUT)).isEqualTo(Duration.ofMillis(5));
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(conf.get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(conf.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(2);
        assertThat(conf.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY)).isEqualTo(MemorySize.parse("4g"));
        assertThat(conf.toMap()).containsEntry("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFlinkDeploymentHasWhatTheOperatorNeedsAndRunsTheImagesJar() throws Exception {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(DEPLOY.resolve("k8s/orderflow.yaml")))) {
            docs.add((Map<String, Object>) doc);
        }
        Map<String, Object> deployment = docs.stream().filter(d -> "FlinkDeployment".equals(d.get("kind")))
                .findFirst().orElseThrow();
        assertThat(deployment.get("apiVersion")).isEqualTo("flink.apache.org/v1beta1");
        assertThat((Map<String, Object>) deployment.get("metadata")).containsKey("name");
        Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
        assertThat(spec).containsKeys("image", "serviceAccount", "jobManager", "taskManager", "job");
        assertThat(spec.get("flinkVersion")).isEqualTo("v2_1");
        for (String role : List.of("jobManager", "taskManager")) {
            assertThat((Map<String, Object>) ((Map<String, Object>) spec.get(role)).get("resource"))
                    .containsKeys("memory", "cpu");
        }
        Map<String, Object> conf = (Map<String, Object>) spec.get("flinkConfiguration");
        assertThat(conf).containsEntry("high-availability.type", "kubernetes")
                .containsKeys("high-availability.storageDir", "execution.checkpointing.dir",
                        "execution.checkpointing.savepoint-dir");
        // every orderflow setting reaches the pods: the operator writes their configuration from this map alone
        Map<String, String> settings = DeploySettings.read(DEPLOY.resolve("flink/config.yaml"));
        settings.keySet().removeAll(List.of("taskmanager.memory.process.size", "jobmanager.memory.process.size"));
        settings.forEach((key, value) -> assertThat(String.valueOf(conf.get(key))).as(key).isEqualTo(value));
        Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) spec.get("podTemplate")).get("spec");
        assertThat((Map<String, Object>) podSpec.get("securityContext")).as("the volume writable by the image's "
                + "flink group").containsEntry("fsGroup", 9999);
        Map<String, Object> job = (Map<String, Object>) spec.get("job");
        assertThat(job.get("upgradeMode")).isEqualTo("savepoint");
        assertThat(job.get("state")).isEqualTo("running");
        String jar = (String) job.get("jarURI");
        assertThat(Files.readString(DEPLOY.resolve("Dockerfile")))
                .contains(" " + jar.substring("local://".length()) + "\n");
        // the arguments are a command the CLI accepts (parsed, not run)
        List<String> args = ((List<Object>) job.get("args")).stream().map(Object::toString).toList();
        assertThat(OrderflowCli.commandLine().parseArgs(args.toArray(String[]::new)).subcommand().commandSpec()
                .name()).isEqualTo("run");
        // the volume the pods share is the claim the file defines
        assertThat(docs).anySatisfy(d -> {
            assertThat(d.get("kind")).isEqualTo("PersistentVolumeClaim");
            assertThat(((Map<String, Object>) d.get("metadata")).get("name")).isEqualTo("orderflow-data");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theComposeFileWiresTheWholePipelineWithCommandsTheCliAccepts() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(DEPLOY.resolve("../docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("jobmanager", "taskmanager", "kafka", "iceberg-rest", "minio",
                "minio-bucket", "sql-client", "analytics", "ingest-simulated", "ingest-live");
        // every service runs something, and every volume it mounts by name is declared
        Map<String, Object> volumes = (Map<String, Object>) compose.get("volumes");
        services.forEach((name, service) -> {
            assertThat(service.get("image") != null || service.get("build") != null).as(name).isTrue();
            for (Object v : (List<Object>) service.getOrDefault("volumes", List.of())) {
                String source = v.toString().split(":")[0];
                if (!source.startsWith(".")) {
                    assertThat(volumes).as(name + " mounts " + source).containsKey(source);
                }
            }
        });
        // Kafka runs in KRaft mode, alone: its internal topics need a replication factor of 1
        Map<String, Object> kafkaEnv = (Map<String, Object>) services.get("kafka").get("environment");
        assertThat(kafkaEnv).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", 1)
                .containsEntry("KAFKA_TRANSACTION_MAX_TIMEOUT_MS", 900000);
        assertThat(services.get("taskmanager").get("command")).isEqualTo("taskmanager");
        assertThat((Map<String, Object>) services.get("taskmanager").get("deploy")).containsEntry("replicas", 2);
        // the jobs' arguments are commands the CLI accepts (parsed, not run), against the services defined here
        Map<String, String> commands = Map.of("analytics", "run", "ingest-simulated", "demo", "ingest-live", "ingest");
        commands.forEach((service, command) -> {
            List<String> entrypoint = commandLine(services.get(service));
            int cli = entrypoint.indexOf("io.orderflow.job.cli.OrderflowCli");
            int jar = cli >= 0 ? cli : entrypoint.indexOf("/opt/flink/usrlib/orderflow-job.jar");
            assertThat(jar).as(service + " runs the orderflow CLI").isNotNegative();
            List<String> args = entrypoint.subList(jar + 1, entrypoint.size());
            assertThat(OrderflowCli.commandLine().parseArgs(args.toArray(String[]::new)).subcommand().commandSpec()
                    .name()).as(service).isEqualTo(command);
            assertThat(args).as(service).contains("--kafka=kafka:9092");
        });
        assertThat(String.join(" ", commandLine(services.get("analytics"))))
                .contains("--catalog-uri=http://iceberg-rest:8181", "s3.endpoint=http://minio:9000");
        // jobs on the cluster are submitted once (a second `up` finds them running), under the name the job
        // gives itself, and through the image's entrypoint, which applies FLINK_PROPERTIES (the JobManager's
        // address); so does the SQL client (its rest.address)
        Map<String, String> jobNames = Map.of("analytics", "orderflow from kafka orderflow.market", "ingest-live",
                "orderflow ingest binance-spot");
        jobNames.forEach((service, name) -> assertThat(commandLine(services.get(service))).as(service)
                .startsWith("bash", "/opt/orderflow/submit-once.sh", name, "jobmanager:8081"));
        for (String service : List.of("analytics", "ingest-live", "sql-client")) {
            assertThat(services.get(service)).as(service).doesNotContainKey("entrypoint");
            assertThat(String.valueOf(((Map<String, Object>) services.get(service).get("environment"))
                    .get("FLINK_PROPERTIES"))).as(service).contains("rest.address: jobmanager");
        }
        // every KAFKA_ variable becomes, by the image's own conversion (Kafka's KafkaDockerWrapper, which the
        // image runs), the name of a broker setting that Kafka defines: a misspelt one would be ignored
        Map<String, String> kafkaEnvironment = new java.util.HashMap<>();
        kafkaEnv.forEach((k, v) -> kafkaEnvironment.put(k, String.valueOf(v)));
        List<String> properties = scala.jdk.javaapi.CollectionConverters.asJava(kafka.docker.KafkaDockerWrapper$.MODULE$
                .getServerConfigsFromEnv(scala.collection.immutable.Map$.MODULE$.from(
                        scala.jdk.javaapi.CollectionConverters.asScala(kafkaEnvironment))));
        assertThat(properties).hasSize(kafkaEnv.size());
        java.util.Set<String> brokerSettings = kafka.server.KafkaConfig.configDef().names();
        for (String property : properties) {
            assertThat(brokerSettings).as(property).contains(property.substring(0, property.indexOf('=')));
        }
        assertThat(properties).contains("log.dirs=/var/lib/kafka/data");
        // state lives in the volumes, in directories the images' users own: Kafka's log, the catalog's SQLite
        assertThat(kafkaEnv.get("KAFKA_LOG_DIRS")).isEqualTo(mountTarget(services.get("kafka"), "kafka-data"));
        String catalogUri = (String) ((Map<String, Object>) services.get("iceberg-rest").get("environment"))
                .get("CATALOG_URI");
        assertThat(catalogUri).startsWith("jdbc:sqlite:" + mountTarget(services.get("iceberg-rest"), "catalog-data")
                + "/");
        // the SQL client's init script names the same catalog
        assertThat(Files.readString(DEPLOY.resolve("sql/init.sql")))
                .contains("'uri' = 'http://iceberg-rest:8181'", "'s3.endpoint' = 'http://minio:9000'");
    }

    /**
     * What {@code docker compose config} checks first, without Docker: the file against the Compose Specification's
     * own JSON schema (vendored from compose-spec/compose-spec, see src/test/resources/deploy/README.md), and the
     * schema is no rubber stamp (a misspelt key fails it).
     */
    @Test
    void theComposeFileIsValidByTheComposeSpecificationsSchema() throws Exception {
        Object compose = new Yaml().load(Files.readString(DEPLOY.resolve("../docker-compose.yml")));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode file = json.valueToTree(compose);
        com.networknt.schema.Schema schema;
        try (var in = getClass().getResourceAsStream("/deploy/compose-spec.json")) {
            // its $id is relative ("compose_spec.json"): resolved against where the specification publishes it
            schema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                    com.networknt.schema.SpecificationVersion.DRAFT_7).getSchema(
                            com.networknt.schema.SchemaLocation.of("https://compose-spec.io/schema/compose-spec.json"),
                            in, com.networknt.schema.InputFormat.JSON);
        }
        assertThat(schema.validate(file)).as("docker-compose.yml against the Compose Specification").isEmpty();
        ((com.fasterxml.jackson.databind.node.ObjectNode) file.get("services").get("kafka")).put("enviroment", "x");
        assertThat(schema.validate(file)).as("a misspelt key").isNotEmpty();
    }

    /**
     * What the Kubernetes API server checks when the manifest is applied: the FlinkDeployment against the operator's
     * CustomResourceDefinition (its openAPIV3Schema, release 1.15.0, vendored), which also names the Flink versions
     * the operator knows; and the check is no rubber stamp (an unknown upgrade mode fails it).
     */
    @Test
    @SuppressWarnings("unchecked")
    void theFlinkDeploymentIsValidByTheOperatorsCustomResourceDefinition() throws Exception {
        Map<String, Object> crd;
        try (var in = getClass().getResourceAsStream("/deploy/flinkdeployments.flink.apache.org-v1.yml")) {
            crd = new Yaml().load(in);
        }
        Map<String, Object> version = ((List<Map<String, Object>>) ((Map<String, Object>) crd.get("spec"))
                .get("versions")).stream().filter(v -> "v1beta1".equals(v.get("name"))).findFirst().orElseThrow();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode openApi = json.valueToTree(
                ((Map<String, Object>) version.get("schema")).get("openAPIV3Schema"));
        com.networknt.schema.Schema schema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                com.networknt.schema.SpecificationVersion.DRAFT_4).getSchema(
                        com.networknt.schema.SchemaLocation.of("https://flink.apache.org/crd/flinkdeployment.json"),
                        openApi);
        Map<String, Object> deployment = null;
        for (Object doc : new Yaml().loadAll(Files.readString(DEPLOY.resolve("k8s/orderflow.yaml")))) {
            if ("FlinkDeployment".equals(((Map<String, Object>) doc).get("kind"))) {
                deployment = (Map<String, Object>) doc;
            }
        }
        com.fasterxml.jackson.databind.node.ObjectNode manifest = json.valueToTree(deployment);
        assertThat(schema.validate(manifest)).as("the FlinkDeployment against the operator's CRD").isEmpty();
        ((com.fasterxml.jackson.databind.node.ObjectNode) manifest.get("spec").get("job")).put("upgradeMode",
                "whenever");
        assertThat(schema.validate(manifest)).as("an upgrade mode the operator does not know").isNotEmpty();
    }

    /** A service's command line, entrypoint or command, with compose's {@code ${VAR:-default}} as its default. */
    @SuppressWarnings("unchecked")
    private static List<String> commandLine(Map<String, Object> service) {
        Object line = service.containsKey("entrypoint") ? service.get("entrypoint") : service.get("command");
        return ((List<Object>) line).stream().map(Object::toString)
                .map(a -> a.replaceAll("\\$\\{[A-Z]+:-([^}]*)\\}", "$1")).toList();
    }

    /** Where a service mounts the named volume. */
    @SuppressWarnings("unchecked")
    private static String mountTarget(Map<String, Object> service, String volume) {
        return ((List<Object>) service.get("volumes")).stream().map(Object::toString)
                .filter(v -> v.startsWith(volume + ":")).map(v -> v.split(":")[1]).findFirst().orElseThrow();
    }
}
