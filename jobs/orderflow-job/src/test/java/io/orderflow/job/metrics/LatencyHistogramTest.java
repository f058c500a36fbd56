package io.orderflow.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/**
 * The latency accumulator against HdrHistogram itself: the same percentiles after clone and merge, and a string
 * of one line whatever it holds (Flink's JobMaster stringifies accumulators on every TaskManager report).
 */
class LatencyHistogramTest {
    @Test
    void clonesAndMergesExactlyAndPrintsOneShortLine() throws Exception {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        Histogram reference = new Histogram(3);
        for (long v = 1; v <= 200_000; v += 7) {
            (v % 2 == 0 ? a : b).add(v * 1_000);
            reference.recordValue(v * 1_000);
        }
        LatencyHistogram merged = a.clone();
        merged.merge(b);

        assertThat(merged.getLocalValue().histogram().getTotalCount()).isEqualTo(reference.getTotalCount());
        for (double p : new double[] {50, 90, 99, 99.9}) {
            assertThat(merged.getLocalValue().histogram().getValueAtPercentile(p)).isEqualTo(reference.getValueAtPercentile(p));
        }
        assertThat(a.getLocalValue().histogram().getTotalCount()).as("the clone is a copy").isLessThan(reference.getTotalCount());
        String text = merged.getLocalValue().toString();
        assertThat(text).contains(String.format("%,d values", reference.getTotalCount())).doesNotContain("\n");
        assertThat(text.length()).isLessThan(120);
        assertThat(reference.toString().length()).as("what HdrHistogram would print").isGreaterThan(10_000);

        // as the accumulator travels from a TaskManager to the JobMaster and the client: Java serialization
        LatencyHistogram.Recorded travelled = InstantiationUtil.clone(merged.getLocalValue());
        assertThat(travelled.histogram().getTotalCount()).isEqualTo(reference.getTotalCount());
        assertThat(travelled.histogram().getValueAtPercentile(99)).isEqualTo(reference.getValueAtPercentile(99));
        assertThat(travelled.toString()).isEqualTo(text);
    }
}
