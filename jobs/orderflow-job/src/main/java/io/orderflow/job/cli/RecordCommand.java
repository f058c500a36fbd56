package io.orderflow.job.cli;

import io.orderflow.venue.VenueEndpoints;
import io.orderflow.venue.Venues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record a venue's live frames (and REST snapshots) to a capture file that verify and "
                + "replay read.")
final class RecordCommand implements Callable<Integer> {
    @Option(names = "--venue", required = true, description = "Venue id")
    String venue;

    @Option(names = "--symbols", required = true, split = ",", description = "Comma-separated symbols")
    List<String> symbols;

    @Option(names = "--out", required = true, description = "Capture file (one more per extra connection: "
            + "FILE.1, FILE.2, ...)")
    Path out;

    @Option(names = "--seconds", defaultValue = "60", description = "How long (default: ${DEFAULT-VALUE})")
    int seconds;

    @CommandLine.Mixin
    EndpointOptions endpointOptions = new EndpointOptions();

    @Override
    public Integer call() throws Exception {
        VenueEndpoints endpoints = endpointOptions.resolve(venue);
        io.orderflow.venue.capture.Recorder recorder =
                new io.orderflow.venue.capture.Recorder(Venues.byId(venue), endpoints, symbols, out);
        try (recorder) {
            recorder.start();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(1_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                if (recorder.failure() != null) {
                    // a recording with a connection missing is not the recording asked for: stop and say why
                    throw new IllegalArgumentException("could not record " + venue + ": " + recorder.failure()
                            + " (check --ws-base/--rest-base and the network)");
                }
                // progress on stderr: stdout carries only the result
                System.err.printf("recorded %,d lines%n", recorder.linesWritten());
            }
        }
        if (recorder.linesWritten() == 0) {
            throw new IllegalArgumentException("recorded nothing from " + venue + " in " + seconds + " s: "
                    + recorder.files() + " is empty (check --symbols and --ws-base)");
        }
        System.out.println("wrote " + recorder.files());
        return 0;
    }
}
