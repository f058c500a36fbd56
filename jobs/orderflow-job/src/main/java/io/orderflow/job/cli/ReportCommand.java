package io.orderflow.job.cli;

import io.orderflow.job.iceberg.IcebergOutput;
import io.orderflow.job.offline.SqlRunner;
import io.orderflow.job.report.Chart;
import io.orderflow.job.report.ChartRenderer;
import io.orderflow.job.report.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render PNG charts from the tables (mid and volatility with patterns and spikes, lead-lag "
                + "curves, slippage versus size, market ranking) and an index.html showing them.")
final class ReportCommand implements Callable<Integer> {
    @CommandLine.Mixin
    WarehouseOptions tables = new WarehouseOptions();

    @Option(names = "--out", defaultValue = "orderflow-report",
            description = "Directory for the PNGs, their CSV data and index.html (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--instrument", description = "venue:SYMBOL for the mid/volatility chart (default: the top "
            + "of the latest market ranking)")
    String instrument;

    @Override
    public Integer call() throws Exception {
        IcebergOutput output = tables.output();
        Report report = new Report(new SqlRunner(output));
        System.err.println("report: reading the tables");
        List<Chart> charts = report.charts(instrument != null ? instrument : report.defaultInstrument(),
                step -> System.err.println("report: chart " + step));
        System.err.println("report: drawing " + charts.size() + " charts into " + out);
        List<Path> pngs = ChartRenderer.render(charts, output.committedRows(), out);
        pngs.forEach(p -> System.out.println("chart  " + p));
        System.out.println("report " + out.resolve("index.html").toAbsolutePath());
        return 0;
    }
}
