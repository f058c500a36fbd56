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

    <B extends io.orderflow.kafka.KafkaMarketData.TopicSettings<B>> B apply(B builder) {
        builder.bootstrapServers(bootstrapServers).topic(topic)
                .format(io.orderflow.kafka.MarketDataFormat.parse(format));
        properties.forEach(builder::property);
        return builder;
    }
}
