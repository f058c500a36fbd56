package io.orderflow.job.cli;

import io.orderflow.venue.Venues;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Replay capture files (cryptofeed's raw format, or record's output) through the venue's codec "
                + "and sync rules, without Flink, and report per instrument: messages, snapshots, deltas, gaps, "
                + "resyncs, checksums, crossed states, agreement with the venue's own best bid/offer.")
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--venue", description = "Venue id (default: guessed from cryptofeed file names such as "
            + "OKX.ws.1.0)")
    String venue;

    @Option(names = "--json", description = "Print one JSON document instead of a table")
    boolean json;

    @Parameters(arity = "1..*", description = "Capture files; a cryptofeed X.ws.* file brings its X.http.* "
            + "sibling along")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        List<Path> all = new java.util.ArrayList<>(CaptureFiles.withRestSiblings(files));
        String venueId = venue != null ? venue : CaptureFiles.guessVenue(files.get(0));
        io.orderflow.venue.capture.CaptureVerifier.Result r =
                new io.orderflow.venue.capture.CaptureVerifier(Venues.byId(venueId)).verifyFiles(all);
        if (r.frames() == 0) { // an empty, text or REST-only file: nothing was verified, so nothing passed
            System.err.println("no WebSocket frames in " + all + " (" + r.malformedFrames() + " unreadable lines"
                    + (r.malformedReasons().isEmpty() ? "" : ", first: " + r.malformedReasons().get(0))
                    + "): give a capture in cryptofeed's raw format or one written by orderflow record");
            return 2;
        }
        System.out.print(json ? io.orderflow.venue.capture.VerifyReport.json(r) + "\n"
                : io.orderflow.venue.capture.VerifyReport.text(r));
        boolean clean = r.instruments().values().stream().allMatch(i -> i.book().gaps() == 0
                && i.book().crossedStates() == 0 && i.checksumsMismatched() == 0);
        return clean && r.malformedFrames() == 0 ? 0 : 1;
    }
}
