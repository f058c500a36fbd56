package io.orderflow.job.cli;

import io.orderflow.job.iceberg.IcebergOutput;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ddl", mixinStandardHelpOptions = true,
        description = "Print the Iceberg DDL of every orderflow table (the content of sql/ddl/tables.sql).")
final class DdlCommand implements Callable<Integer> {
    @Option(names = "--namespace", defaultValue = IcebergOutput.DEFAULT_NAMESPACE,
            description = "Iceberg namespace (default: ${DEFAULT-VALUE})")
    String namespace;

    @Override
    public Integer call() {
        System.out.print(io.orderflow.job.iceberg.DdlWriter.render(namespace));
        return 0;
    }
}
