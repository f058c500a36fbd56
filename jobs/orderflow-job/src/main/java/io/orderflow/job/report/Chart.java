package io.orderflow.job.report;

import java.util.List;

/**
 * What one chart shows, independent of how it is drawn: the data behind the picture, so a test (or a user) can
 * check it against the tables. {@code TIME} charts have epoch milliseconds on x; {@code CATEGORY} charts have one
 * y value per category in each series.
 */
public record Chart(String file, String title, Kind kind, String xTitle, String yTitle, String secondYTitle,
        boolean logX, List<String> categories, List<Series> series, String caption) {

    public enum Kind { TIME, NUMERIC, CATEGORY }

    /** One plotted series; {@code axis} 1 is the second y axis, {@code markers} draws points without lines. */
    public record Series(String name, double[] x, double[] y, int axis, boolean markers) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException(name + ": " + x.length + " x values but " + y.length + " y values");
            }
        }
    }

    public boolean hasData() {
        return series.stream().anyMatch(s -> s.y().length > 0);
    }
}
