package io.wharf.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;

/** The host read from this machine's /proc: the per-second values agree with OSHI's own reading. */
class HostSamplerTest {
    @Test
    void memoryAndLoadOfEveryRoundAgreeWithOshi() {
        HostSampler sampler = new HostSampler(Path.of("/proc"), 60_000);
        HostSample full = sampler.sample(3, true);
        HostSample quick = sampler.sample(3, false);
        var oshi = new SystemInfo().getHardware();
        for (HostSample s : new HostSample[] {full, quick}) {
            assertThat(s.memory().total()).isEqualTo(oshi.getMemory().getTotal());
            assertThat(s.memory().available()).isPositive().isLessThanOrEqualTo(s.memory().total());
            assertThat(s.memory().swapTotal()).isEqualTo(oshi.getMemory().getVirtualMemory().getSwapTotal());
            assertThat(s.load1()).isGreaterThanOrEqualTo(0);
            assertThat(s.load15()).isGreaterThanOrEqualTo(0);
            assertThat(s.nContainers()).isEqualTo(3);
        }
        assertThat(quick.timestampMillis()).isGreaterThanOrEqualTo(full.timestampMillis());
    }
}
