package io.wharf.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetDevTest {
    @Test
    void parsesInterfacesAndLeavesLoopbackOut() {
        List<String> lines = List.of(
                "Inter-|   Receive                                                |  Transmit",
                " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed",
                "    lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0",
                "  eth0: 1234567    8910    1    2    0     0          0         0   765432    4321    3    4    0     0       0          0");
        assertThat(NetDev.parse(lines)).containsExactly(
                new NetDev.Interface("eth0", 1234567, 8910, 1, 2, 765432, 4321, 3, 4));
    }
}
