package io.orderflow.job.cli;

import io.orderflow.connector.websocket.WebSocketSource;
import io.orderflow.job.JobSettings;
import io.orderflow.job.OrderflowJob;
import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.job.local.LocalCluster;
import io.orderflow.venue.VenueEndpoints;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Run the job in MiniCluster mode against a local exchange that serves a capture file in the "
                + "venue's own protocol, then print what was written.")
final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Mixin
    SignalOptions signalOptions = new SignalOptions();

    @CommandLine.Mixin
    WarehouseOptions tables = new WarehouseOptions();

    @Option(names = "--venue", description = "Venue id (default: guessed from cryptofeed file names)")
    String venue;

    @Option(names = "--speed", defaultValue = "1",
            description = "1 = recorded pace, 10 = ten times faster, 0 = as fast as possible (default: "
                    + "${DEFAULT-VALUE})")
    double speed;

    @Parameters(arity = "1", description = "The capture file (its REST snapshots may be in it, or in a "
            + "cryptofeed X.http.* sibling)")
    Path file;

    @Override
    public Integer call() throws Exception {
        JobSettings settings =
                signalOptions.apply(JobSettings.defaults().withCheckpointInterval(Duration.ofSeconds(2)));
        String venueId = venue != null ? venue : CaptureFiles.guessVenue(file);
        List<Path> rest = CaptureFiles.withRestSiblings(List.of(file));
        io.orderflow.exchange.RecordedScript script = new io.orderflow.exchange.RecordedScript(file,
                rest.size() > 1 ? rest.get(1) : file);
        IcebergOutput output = tables.output();
        try (io.orderflow.exchange.LocalExchange exchange =
                io.orderflow.exchange.LocalExchange.recording(venueId, script, speed, 20)) {
            WebSocketSource source = WebSocketSource.builder()
                    .venue(venueId, script.symbols(), new VenueEndpoints(exchange.webSocketBase(), exchange.restBase()))
                    .finishOnServerClose(true)
                    .build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(LocalCluster.configuration());
            new OrderflowJob(source, output, settings).build(env);
            env.execute("orderflow replay " + file.getFileName());
        }
        output.committedRows().forEach((t, n) -> System.out.printf("  %-16s %,10d rows%n", t, n));
        return 0;
    }
}
