package io.orderflow.job.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

/** Each shard of the cross-section's pair step on its own subtask, by Flink's own assignment of keys. */
class ShardKeysTest {
    @Test
    void eachShardsKeyLandsOnItsOwnSubtaskAndNamesItsShard() {
        for (int maxParallelism : new int[] {128, 256, 32_768}) {
            for (int shards = 1; shards <= 16; shards++) {
                String[] keys = CrossSectionFunctions.ShardKeys.of(shards, maxParallelism);
                int n = shards;
                assertThat(IntStream.range(0, shards).map(s ->
                        KeyGroupRangeAssignment.assignKeyToParallelOperator(keys[s], maxParallelism, n)))
                        .containsExactlyElementsOf(IntStream.range(0, shards).boxed().toList());
                for (int s = 0; s < shards; s++) {
                    assertThat(CrossSectionFunctions.ShardKeys.shard(keys[s])).isEqualTo(s);
                    assertThat(CrossSectionFunctions.ShardKeys.shards(keys[s])).isEqualTo(shards);
                }
            }
        }
        assertThatThrownBy(() -> CrossSectionFunctions.ShardKeys.of(200, 128))
                .hasMessageContaining("max parallelism of at least 200");
    }
}
