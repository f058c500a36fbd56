package io.orderflow.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;

/**
 * The Flink MiniCluster every job test runs on: one TaskManager with the slots the test's job needs (2 for one
 * operator chain per task at parallelism 1 or 2, 4 for the whole job at parallelism 2). Registered per test class
 * ({@code @RegisterExtension static final MiniClusterExtension FLINK = TestClusters.slots(4);}).
 */
public final class TestClusters {
    private TestClusters() {}

    public static MiniClusterExtension slots(int slots) {
        return slots(slots, new Configuration());
    }

    public static MiniClusterExtension slots(int slots, Configuration configuration) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .build());
    }
}
