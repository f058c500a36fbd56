package io.orderflow.venue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Real exchange captures kept as test resources (see fixtures/NOTICE for their origin and credit). */
public final class Fixtures {
    private Fixtures() {}

    /** A decoder as the source would create it for a connection carrying these symbols. */
    public static FrameDecoder decoder(Venue venue, String... symbols) {
        return venue.newDecoder(new Venue.Subscription("test", List.of(symbols), List.of()));
    }

    /** A fixture file as a path (the resources are on the file system under Maven). */
    public static java.nio.file.Path path(String resource) {
        try {
            return java.nio.file.Path.of(Fixtures.class.getResource("/fixtures/" + resource).toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no test resource fixtures/" + resource, e);
        }
    }

    public static List<String> lines(String resource) {
        InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + resource);
        if (in == null) {
            throw new IllegalArgumentException("no test resource fixtures/" + resource);
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
