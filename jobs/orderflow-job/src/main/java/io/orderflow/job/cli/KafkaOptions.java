package io.orderflow.job.cli;

import picocli.CommandLine.Option;

/** The normalized market-data topic: shared by ingest (writes it) and run (reads it). */
final class KafkaOptions {
    @Option(names = "--kafka", description = "Kafka bootstrap servers, host:port[,host:port]")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "orderflow.market",
            description = "The market-data topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--format", defaultValue = "json", description = "How ingest writes events: json (documented "
            + "in the README) or binary (compact); readers follow each record's header (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--kafka-property", description = "Any Kafka client property, key=value (repeatable), e.g. "
            + "security.protocol=SASL_SSL")
    java.util.Map<String, String> properties = new java.util.LinkedHashMap<>();

    /**
     * A job that runs here (MiniCluster) needs Kafka to answer from here: one line saying so when it does not,
     * instead of a job whose clients retry forever or a stack trace. A job submitted to a cluster is not probed:
     * the cluster's network may reach brokers this machine cannot.
     */
    void requireReachable(org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env) {
        if (!(env instanceof org.apache.flink.streaming.api.environment.LocalStreamEnvironment)) {
            return;
        }
        java.util.Properties p = new java.util.Properties();
        p.putAll(properties);
        p.put("bootstrap.servers", bootstrapServers);
        p.putIfAbsent("request.timeout.ms", "5000");
        p.putIfAbsent("default.api.timeout.ms", "10000");
        String problem;
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            admin.describeCluster().nodes().get(10, java.util.concurrent.TimeUnit.SECONDS);
            return;
        } catch (java.util.concurrent.ExecutionException e) {
            problem = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        } catch (java.util.concurrent.TimeoutException e) {
            problem = "no answer";
        } catch (org.apache.kafka.common.KafkaException e) {
            problem = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        throw new IllegalArgumentException("cannot reach Kafka at " + bootstrapServers + " within 10 s (" + problem
                + "): check --kafka, and --kafka-property for its security settings");
    }

    <B extends io.orderflow.kafka.KafkaMarketData.TopicSettings<B>> B apply(B builder) {
        builder.bootstrapServers(bootstrapServers).topic(topic)
                .format(io.orderflow.kafka.MarketDataFormat.parse(format));
        properties.forEach(builder::property);
        return builder;
    }
}
