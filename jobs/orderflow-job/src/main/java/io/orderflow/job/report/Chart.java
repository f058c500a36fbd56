package io.orderflow.job.report;

import java.util.List;

/**
 * What one chart shows, independent of how it is drawn: the data behind the picture, so a test (or a user) can
 * check it against the tables. {@code TIME} charts have epoch milliseconds on x; {@code CATEGORY} charts have one
 * y value per category in each series (x is the category's index).
 * Charts of the same {@code group} are small multiples: drawn small, side by side, on one y range
 * ({@code yRange}), so their panels compare at a glance.
 */
public record Chart(String file, String title, Kind kind, String xTitle, String yTitle, String secondYTitle,
        boolean logX, List<String> categories, List<Series> series, String caption, String group, double[] yRange) {

    public enum Kind { TIME, NUMERIC, CATEGORY }

    /**
     * How a series is drawn: a line through its points; steps (each value held until the next x: a window's
     * statistic over the window); markers without lines; alerts (large red markers, for what a reader must not
     * miss).
     */
    public enum Style { LINE, STEP, MARKERS, ALERTS }

    /** A chart drawn on its own, full width. */
    public Chart(String file, String title, Kind kind, String xTitle, String yTitle, String secondYTitle,
            boolean logX, List<String> categories, List<Series> series, String caption) {
        this(file, title, kind, xTitle, yTitle, secondYTitle, logX, categories, series, caption, null, null);
    }

    /** One plotted series; {@code axis} 1 is the second y axis (drawn on the right). */
    public record Series(String name, double[] x, double[] y, int axis, Style style) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException(name + ": " + x.length + " x values but " + y.length + " y values");
            }
        }

        /** Drawn as points without lines (events on a time line). */
        public boolean markers() {
            return style == Style.MARKERS || style == Style.ALERTS;
        }
    }

    public boolean hasData() {
        return series.stream().anyMatch(s -> s.y().length > 0);
    }
}
