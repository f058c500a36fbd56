package io.orderflow.job.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws {@link Chart}s as PNG files with XChart (headless AWT), writes each chart's data as CSV beside it, and an
 * index.html that shows them with the table row counts as data checks.
 */
public final class ChartRenderer {
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 600;
    /** A small multiple: two side by side fill the page's width. */
    private static final int SMALL_WIDTH = 600;
    private static final int SMALL_HEIGHT = 360;
    /** Series colours (Okabe-Ito, distinguishable with colour-blindness); alerts are red. */
    private static final Color[] PALETTE = {new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115),
        new Color(204, 121, 167), new Color(86, 180, 233), new Color(240, 228, 66), new Color(0, 0, 0)};
    private static final Color ALERT = new Color(213, 0, 0);

    private ChartRenderer() {}

    /** Renders every chart that has data into {@code dir}; returns the PNG files written. */
    public static List<Path> render(List<Chart> charts, Map<String, Long> tableRows, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        StringBuilder html = new StringBuilder("<!doctype html>\n<html><head><meta charset=\"utf-8\">"
                + "<title>orderflow report</title><style>body{font-family:sans-serif;max-width:1250px;margin:auto}"
                + "td,th{padding:2px 10px;text-align:right}.grid{display:grid;grid-template-columns:repeat(2,"
                + SMALL_WIDTH + "px);gap:8px}figure{margin:0}figcaption{font-size:small}</style></head><body>\n"
                + "<h1>orderflow report</h1>\n");
        String openGroup = null;
        for (Chart c : charts) {
            if (openGroup != null && !openGroup.equals(c.group())) {
                html.append("</div>\n");
                openGroup = null;
            }
            if (c.group() != null && openGroup == null) {
                html.append("<h2>").append(escape(c.group())).append("</h2>\n<div class=\"grid\">\n");
                openGroup = c.group();
            } else if (c.group() == null) {
                html.append("<h2>").append(escape(c.title())).append("</h2>\n");
            }
            if (!c.hasData()) {
                html.append("<p>No data in the tables for this chart yet.</p>\n");
                continue;
            }
            Path png = dir.resolve(c.file() + ".png");
            if (c.kind() == Chart.Kind.CATEGORY) {
                BitmapEncoder.saveBitmap(category(c), png.toString(), BitmapEncoder.BitmapFormat.PNG);
            } else {
                BitmapEncoder.saveBitmap(xy(c), png.toString(), BitmapEncoder.BitmapFormat.PNG);
            }
            Files.writeString(dir.resolve(c.file() + ".csv"), csv(c), StandardCharsets.UTF_8);
            written.add(png);
            int width = c.group() == null ? WIDTH : SMALL_WIDTH;
            html.append(c.group() == null ? "<p>" : "<figure>").append("<img src=\"").append(c.file())
                    .append(".png\" width=\"").append(width).append("\" alt=\"").append(escape(c.title()))
                    .append("\">").append(c.group() == null ? "</p>\n<p>" : "<figcaption>")
                    .append(escape(c.caption())).append(" Data: <a href=\"").append(c.file()).append(".csv\">")
                    .append(c.file()).append(".csv</a>.").append(c.group() == null ? "</p>\n" : "</figcaption>"
                            + "</figure>\n");
        }
        if (openGroup != null) {
            html.append("</div>\n");
        }
        html.append("<h2>Data checks: rows per table</h2>\n<table><tr><th>table</th><th>rows</th></tr>\n");
        tableRows.forEach((t, n) -> html.append("<tr><td>").append(escape(t)).append("</td><td>")
                .append(String.format(Locale.ROOT, "%,d", n)).append("</td></tr>\n"));
        html.append("</table>\n</body></html>\n");
        Files.writeString(dir.resolve("index.html"), html.toString(), StandardCharsets.UTF_8);
        return written;
    }

    private static XYChart xy(Chart c) {
        boolean small = c.group() != null;
        int height = small ? SMALL_HEIGHT : HEIGHT;
        XYChart chart = new XYChartBuilder().width(small ? SMALL_WIDTH : WIDTH).height(height).title(c.title())
                .xAxisTitle(c.xTitle()).yAxisTitle(c.yTitle()).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisLogarithmic(c.logX());
        chart.getStyler().setMarkerSize(small ? 6 : 11);
        chart.getStyler().setDatePattern("HH:mm:ss");
        chart.getStyler().setSeriesColors(PALETTE);
        if (c.secondYTitle() != null) {
            chart.setYAxisGroupTitle(1, c.secondYTitle());
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        }
        if (c.yRange() != null) {
            chart.getStyler().setYAxisMin(c.yRange()[0]);
            chart.getStyler().setYAxisMax(c.yRange()[1]);
        }
        int colour = 0;
        Marker[] shapes = {SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE, SeriesMarkers.CIRCLE,
            SeriesMarkers.TRIANGLE_DOWN};
        int shape = 0;
        for (Chart.Series s : c.series()) {
            if (s.x().length == 0) {
                continue;
            }
            XYSeries series;
            if (c.kind() == Chart.Kind.TIME) {
                List<Date> x = new ArrayList<>(s.x().length);
                List<Double> y = new ArrayList<>(s.y().length);
                for (int i = 0; i < s.x().length; i++) {
                    x.add(Date.from(Instant.ofEpochMilli((long) s.x()[i])));
                    y.add(s.y()[i]);
                }
                series = chart.addSeries(s.name(), x, y);
            } else {
                series = chart.addSeries(s.name(), s.x(), s.y());
            }
            series.setYAxisGroup(s.axis());
            switch (s.style()) {
                case LINE -> series.setMarker(SeriesMarkers.NONE);
                case STEP -> {
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
                    series.setMarker(SeriesMarkers.NONE);
                    series.setLineWidth(2.5f);
                }
                case MARKERS -> {
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    series.setMarker(shapes[shape++ % shapes.length]);
                }
                case ALERTS -> {
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    series.setMarker(SeriesMarkers.TRIANGLE_UP);
                    series.setMarkerColor(ALERT);
                    continue; // red is the alerts' alone: the palette goes on with the next series
                }
                default -> throw new IllegalStateException("unknown style " + s.style());
            }
            Color next = PALETTE[colour++ % PALETTE.length];
            series.setLineColor(next);
            series.setMarkerColor(next);
        }
        return chart;
    }

    private static CategoryChart category(Chart c) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(c.title())
                .xAxisTitle(c.xTitle()).yAxisTitle(c.yTitle()).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setSeriesColors(PALETTE);
        chart.getStyler().setYAxisMin(0.0);
        for (Chart.Series s : c.series()) {
            List<Double> y = new ArrayList<>();
            for (double v : s.y()) {
                y.add(v);
            }
            chart.addSeries(s.name(), c.categories(), y);
        }
        return chart;
    }

    /** series,x,y rows (categories by name for category charts). */
    static String csv(Chart c) {
        StringBuilder out = new StringBuilder("series,x,y\n");
        for (Chart.Series s : c.series()) {
            for (int i = 0; i < s.x().length; i++) {
                String x = c.kind() == Chart.Kind.CATEGORY ? c.categories().get((int) s.x()[i])
                        : c.kind() == Chart.Kind.TIME ? Instant.ofEpochMilli((long) s.x()[i]).toString()
                        : Double.toString(s.x()[i]);
                out.append('"').append(s.name().replace("\"", "'")).append("\",").append(x).append(',')
                        .append(s.y()[i]).append('\n');
            }
        }
        return out.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
