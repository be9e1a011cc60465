package io.wharf.dashboards;

import com.github.dockerjava.api.model.BlkioRateDevice;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import io.wharf.testkit.Stack;
import io.wharf.testkit.TestContainers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * DIRAC-like containers for the proof: two services answering requests (some with errors, some
 * with tracebacks), an agent running cycles and writing to disk, and a container whose output
 * is not DIRAC at all. Each burns a little CPU so that every container panel has something to show.
 */
final class DiracWorkload implements AutoCloseable {
    static final String FILE_CATALOG = "DataManagement/FileCatalog";
    static final String JOB_MANAGER = "WorkloadManagement/JobManager";

    private final TestContainers containers;
    private final List<String> ownIds = new ArrayList<>();
    final String fileCatalogService;
    final String fileCatalogContainer;
    /** The container with every kind of resource data (CPU and memory limits, block I/O): the Containers dashboard's pick. */
    final String jobAgentService;
    final String jobAgentContainer;

    DiracWorkload(TestContainers containers) {
        this.containers = containers;
        this.fileCatalogService = "filecatalog-" + containers.runId();
        this.fileCatalogContainer = containers.name("filecatalog");
        this.jobAgentService = "jobagent-" + containers.runId();
        this.jobAgentContainer = containers.name("jobagent");
    }

    void start() throws IOException {
        containers.spec("filecatalog", service(FILE_CATALOG, "[PzMY]", "getReplicas", "listDirectory"))
                .label("com.docker.compose.service", fileCatalogService).memory(64L << 20).cpus(0.5).start();
        containers.spec("jobmanager", service(JOB_MANAGER, " [140097]", "submitJob", "getJobStatus"))
                .label("com.docker.compose.service", "jobmanager-" + containers.runId()).start();
        containers.spec("plain", notDirac()).label("com.docker.compose.service", "plain-" + containers.runId()).start();
        startAgentWithDiskLimits();
    }

    /**
     * A DISET service: each round an RPC that succeeds and one that fails every third time, an
     * exception with a Python traceback every fifth round, and a short busy loop.
     */
    static String service(String component, String frame, String okMethod, String failingMethod) {
        String p = component + frame;
        return """
                i=0
                while true; do
                  i=$((i+1)); ts=$(date -u '+%%Y-%%m-%%d %%H:%%M:%%S'); port=$((40000 + i %% 20000))
                  echo "$ts UTC %1$s NOTICE: Executing action ([::ffff:128.142.132.74]:$port)[diracAdmin:chaen] RPC/%2$s(<masked>)"
                  echo "$ts UTC %1$s NOTICE: Returning response ([::ffff:128.142.132.74]:$port)[diracAdmin:chaen] (0.0$((i %% 9 + 1)) secs) OK"
                  echo "$ts UTC %1$s NOTICE: Executing action (188.184.1.12:$port)[lhcb_user:jdoe] RPC/%3$s(<masked>)"
                  if [ $((i %% 3)) -eq 0 ]; then
                    echo "$ts UTC %1$s NOTICE: Returning response (188.184.1.12:$port)[lhcb_user:jdoe] (1.$((i %% 10))2 secs) ERROR: No such file or directory"
                  else
                    echo "$ts UTC %1$s NOTICE: Returning response (188.184.1.12:$port)[lhcb_user:jdoe] (0.$((i %% 10))5 secs) OK"
                  fi
                  if [ $((i %% 5)) -eq 0 ]; then
                    echo "$ts UTC %1$s ERROR: Exception while handling %3$s"
                    echo "Traceback (most recent call last):"
                    echo '  File "/opt/dirac/DIRAC/Core/DISET/RequestHandler.py", line 203, in _rh_executeAction'
                    echo "    retVal = self.__doRPC(actionTuple[1])"
                    echo "KeyError: 'lfn'"
                  fi
                  j=0; while [ $j -lt 3000 ]; do j=$((j+1)); done
                  sleep 0.3
                done
                """.formatted(p, okMethod, failingMethod);
    }

    /**
     * Lines no DIRAC pattern matches: each must be kept, tagged as a parse failure. They are 3 s
     * apart, longer than the DIRAC multiline rule's idle flush (2 s), so each is its own event.
     */
    static String notDirac() {
        return """
                i=0
                while true; do
                  i=$((i+1))
                  echo "plain line $i from a service that does not log like DIRAC"
                  sleep 3
                done
                """;
    }

    /** A DIRAC agent that runs cycles and writes to disk. */
    static String agentCycles() {
        return """
                i=0
                while true; do
                  i=$((i+1)); ts=$(date -u '+%Y-%m-%d %H:%M:%S')
                  echo "$ts UTC WorkloadManagement/JobAgent NOTICE: ------------------------------------------------------------"
                  echo "$ts UTC WorkloadManagement/JobAgent NOTICE: Starting cycle for module WorkloadManagement/JobAgent"
                  dd if=/dev/zero of=/tmp/sandbox bs=64k count=8 oflag=direct 2>/dev/null
                  dd if=/tmp/sandbox of=/dev/null bs=64k iflag=direct 2>/dev/null
                  echo "$ts UTC WorkloadManagement/JobAgent NOTICE: Cycle took 0.$((i % 9 + 1)) seconds"
                  echo "$ts UTC WorkloadManagement/JobAgent NOTICE: Cycle was successful"
                  sleep 1
                done
                """;
    }

    /**
     * The agent container gets block I/O limits because cgroup v1 only accounts block I/O
     * (blkio.throttle.*) for devices with a throttle rule on recent kernels: without one, the
     * blkio files read "Total 0" however much the container writes, and no docker_container_blkio
     * point can exist. Production hosts with CFQ/BFQ account it without limits.
     */
    private void startAgentWithDiskLimits() throws IOException {
        String disk = dockerDisk();
        long rate = 200L << 20;
        HostConfig host = HostConfig.newHostConfig()
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of()))
                // Limits too, so that its throttling and working-set-vs-limit panels have data.
                .withNanoCPUs(500_000_000L).withMemory(64L << 20)
                .withBlkioDeviceWriteBps(List.of(new BlkioRateDevice().withPath(disk).withRate(rate)))
                .withBlkioDeviceReadBps(List.of(new BlkioRateDevice().withPath(disk).withRate(rate)));
        String id = containers.docker().createContainerCmd(Stack.testImage()).withName(jobAgentContainer)
                .withLabels(Map.of("wharf.test", containers.runId(), "com.docker.compose.service", jobAgentService))
                .withCmd("sh", "-c", agentCycles()).withHostConfig(host).exec().getId();
        ownIds.add(id);
        containers.docker().startContainerCmd(id).exec();
    }

    /** The whole disk (not a partition) that holds Docker's data: throttle rules apply to disks. */
    static String dockerDisk() throws IOException {
        long dev = ((Number) Files.getAttribute(Path.of("/var/lib/docker"), "unix:dev")).longValue();
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        Path sys = Path.of("/sys/dev/block/" + major + ":" + minor).toRealPath();
        if (Files.exists(sys.resolve("partition"))) {
            sys = sys.getParent();
        }
        return "/dev/" + sys.getFileName();
    }

    @Override
    public void close() {
        for (String id : ownIds) {
            try {
                containers.docker().removeContainerCmd(id).withForce(true).exec();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }
}
