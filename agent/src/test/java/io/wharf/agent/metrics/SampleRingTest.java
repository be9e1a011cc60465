package io.wharf.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SampleRingTest {
    @Test
    void keepsTheLastSamplesOldestFirst() {
        SampleRing<Integer> ring = new SampleRing<>(3);
        assertThat(ring.latest()).isNull();
        assertThat(ring.snapshot()).isEmpty();
        for (int i = 1; i <= 5; i++) {
            ring.add(i);
        }
        assertThat(ring.snapshot()).containsExactly(3, 4, 5);
        assertThat(ring.latest()).isEqualTo(5);
        assertThat(ring.size()).isEqualTo(3);
    }
}
