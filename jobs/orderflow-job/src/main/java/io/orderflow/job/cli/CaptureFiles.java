package io.orderflow.job.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Conventions of cryptofeed's capture file names (X.ws.N.M with its REST recording X.http.N.M). */
final class CaptureFiles {
    private CaptureFiles() {}

    static String guessVenue(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf(".ws.");
        String prefix = dot < 0 ? name : name.substring(0, dot);
        // each venue's package names the cryptofeed exchange names of its captures
        String venue = io.orderflow.venue.Venues.ids().stream()
                .filter(id -> io.orderflow.venue.Venues.byId(id).captureNames().contains(prefix)).findFirst()
                .orElse(null);
        if (venue == null) {
            throw new IllegalArgumentException("cannot tell the venue of " + file + " from its name: give --venue "
                    + "(one of " + io.orderflow.venue.Venues.ids() + ")");
        }
        return venue;
    }

    /** The files, each followed by the cryptofeed REST recording of the same session if there is one. */
    static List<Path> withRestSiblings(List<Path> files) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("no such capture file: " + f);
            }
            out.add(f);
            String name = f.getFileName().toString();
            int dot = name.indexOf(".ws.");
            Path dir = f.toAbsolutePath().getParent();
            if (dot > 0 && dir != null) {
                String prefix = name.substring(0, dot) + ".http.";
                try (Stream<Path> siblings = Files.list(dir)) {
                    siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().forEach(p -> {
                        if (!out.contains(p)) {
                            out.add(p);
                        }
                    });
                }
            }
        }
        return out;
    }
}
