package io.orderflow.job.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules the GUIDE states, checked on the compiled main classes of every orderflow module (this module's
 * and those on its class path; test classes and test jars left out). Each rule names what it protects: domain logic
 * that runs and is tested without Flink, operators that emit records and leave storage to one edge, a CLI nothing
 * depends on, connectors that know nothing of the job, and no package cycles anywhere.
 */
class ArchitectureTest {

    /** Main classes only: no test-classes directory and no {@code -tests.jar}. */
    private static final ImportOption MAIN_CLASSES_ONLY = (Location location) ->
            !location.contains("/test-classes/") && !location.contains("-tests.jar");

    /**
     * Plain-Java domain packages: books, events, money, estimators, strategies, risk, paper matching, venues, and
     * the venue session under the WebSocket source's split reader.
     */
    private static final String[] DOMAIN = {"io.orderflow.book..", "io.orderflow.model..", "io.orderflow.estimators..",
        "io.orderflow.execution..", "io.orderflow.venue..", "io.orderflow.job.signals..",
        "io.orderflow.job.crosssection..", "io.orderflow.job.records..",
        "io.orderflow.connector.websocket.session.."};

    /** The job's stream operators (and what they emit); only the job's wiring and the storage edge know tables. */
    private static final String[] OPERATORS = {"io.orderflow.job.book..", "io.orderflow.job.features..",
        "io.orderflow.job.patterns..", "io.orderflow.job.trading..", "io.orderflow.job.windows..",
        "io.orderflow.job.metrics..", "io.orderflow.job.signals..", "io.orderflow.job.crosssection..",
        "io.orderflow.job.records.."};

    /** The connectors: they serve the job and never reach into it. */
    private static final String[] CONNECTORS = {"io.orderflow.book..", "io.orderflow.model..",
        "io.orderflow.estimators..", "io.orderflow.execution..", "io.orderflow.venue..", "io.orderflow.connector..",
        "io.orderflow.flink..", "io.orderflow.kafka..", "io.orderflow.exchange.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(MAIN_CLASSES_ONLY).importPackages("io.orderflow");
        // every module's classes, not only this one's (an empty import would pass every rule)
        assertThat(classes.contain(io.orderflow.book.OrderBook.class)).isTrue();
        assertThat(classes.contain(io.orderflow.connector.websocket.WebSocketSource.class)).isTrue();
        assertThat(classes.contain(io.orderflow.job.OrderflowJob.class)).isTrue();
    }

    @Test
    void domainLogicIsPlainJava() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "org.apache.iceberg..",
                        "org.apache.kafka..", "org.apache.hadoop..")
                .because("books, estimators, risk and matching run and are tested without Flink; operators are "
                        + "thin shells over them")
                .check(classes);
    }

    @Test
    void operatorsDoNotBuildTableRows() {
        noClasses().that().resideInAnyPackage(OPERATORS)
                .should().dependOnClassesThat().resideInAnyPackage("io.orderflow.job.iceberg..",
                        "org.apache.iceberg..", "org.apache.flink.table.data..")
                .because("operators emit records (io.orderflow.job.records); each table's converter runs at its "
                        + "sink (OrderflowTables, IcebergOutput.write)")
                .check(classes);
    }

    @Test
    void nothingDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("io.orderflow.job.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.orderflow.job.cli..")
                .because("the commands are the outermost layer: services (demo, SQL, training, benchmarks) stand "
                        + "on their own")
                .check(classes);
    }

    @Test
    void connectorsKnowNothingOfTheJob() {
        noClasses().that().resideInAnyPackage(CONNECTORS)
                .should().dependOnClassesThat().resideInAPackage("io.orderflow.job..")
                .check(classes);
    }

    @Test
    void noCyclesBetweenTopLevelPackages() {
        slices().matching("io.orderflow.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noCyclesBetweenTheJobsPackages() {
        slices().matching("io.orderflow.job.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noCyclesBetweenTheSourcesPackages() {
        slices().matching("io.orderflow.connector.websocket.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noCyclesBetweenVenuePackages() {
        slices().matching("io.orderflow.venue.(*)..").should().beFreeOfCycles().check(classes);
    }
}
