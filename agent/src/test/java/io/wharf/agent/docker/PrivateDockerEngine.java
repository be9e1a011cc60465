package io.wharf.agent.docker;

import static org.awaitility.Awaitility.await;

import io.wharf.testkit.Stack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Docker engine of a test's own: {@code /usr/sbin/dockerd} with its own socket, data root, exec
 * root (so its own containerd), pid file and bridge, all under a short folder in /tmp (a unix
 * socket path must stay under 108 bytes). A test may stop it for real (SIGTERM) and start it
 * again; the shared engine at /var/run/docker.sock is never touched.
 *
 * <p>Why its own bridge: {@code dockerd --bridge=none} deletes the host's {@code docker0} at start
 * (it "removes the default bridge interface"), which breaks the shared engine. With
 * {@code --bridge=<its own>} it leaves {@code docker0} alone; containers run with
 * {@code --network none} anyway, and iptables, masquerading and forwarding are off.
 *
 * <p>{@link #close()} stops it (SIGKILL if it does not stop), kills what is left of its processes
 * (its containerd and shims, found by this folder in their command line; container processes,
 * by their ids in {@code /proc/<pid>/cgroup}), unmounts what it mounted, removes the folder and the
 * bridge, and fails if anything is left.
 */
public final class PrivateDockerEngine implements AutoCloseable {
    private static final String DOCKER = Files.isExecutable(Path.of("/usr/bin/docker")) ? "/usr/bin/docker" : "docker";

    private final Path dir;
    private final String bridge;
    private final List<String> containerIds = new ArrayList<>();
    private Process dockerd;
    private boolean bridgeCreated;

    public PrivateDockerEngine() throws IOException {
        this.dir = Files.createTempDirectory(Path.of("/tmp"), "wd-");
        this.bridge = "wd" + UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(dir.resolve("daemon.json"), "{}\n"); // not /etc/docker/daemon.json
    }

    public String host() {
        return "unix://" + dir.resolve("docker.sock");
    }

    /** Where this engine keeps container folders (json-file logs). */
    public Path containersDir() {
        return dir.resolve("data").resolve("containers");
    }

    public Path dir() {
        return dir;
    }

    /** Starts dockerd and waits until it answers. */
    public void start() throws IOException {
        if (!bridgeCreated) {
            run(List.of("ip", "link", "add", bridge, "type", "bridge"));
            bridgeCreated = true;
        }
        dockerd = new ProcessBuilder("/usr/sbin/dockerd", "-H", host(), "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(), "--pidfile", dir.resolve("docker.pid").toString(),
                "--config-file", dir.resolve("daemon.json").toString(), "--storage-driver=vfs", "--bridge=" + bridge,
                "--iptables=false", "--ip-masq=false", "--ip-forward=false")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("dockerd.log").toFile()))
                .start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !dockerd.isAlive() || answers());
        if (!dockerd.isAlive()) {
            throw new IllegalStateException("private dockerd exited with " + dockerd.exitValue() + "; its log: " + log());
        }
    }

    /** SIGTERM, as systemd or an operator stops the engine; waits for it to exit (it stops the containers first). */
    public void stop() throws InterruptedException {
        if (dockerd != null && dockerd.isAlive()) {
            dockerd.destroy();
            if (!dockerd.waitFor(60, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    public boolean answers() {
        try {
            docker("version", "--format", "{{.Server.Version}}");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Loads the shared engine's test image into this one ({@code docker save | docker load}). */
    public void loadImage() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", DOCKER + " save " + Stack.testImage() + " | " + DOCKER + " -H " + host() + " load -q")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("cannot load " + Stack.testImage() + " into the private engine: " + out);
        }
    }

    /** {@code docker run -d --network none ARGS... image sh -c script}; returns the container id. */
    public String run(List<String> options, String script) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--network", "none"));
        args.addAll(options);
        args.addAll(List.of(Stack.testImage(), "sh", "-c", script));
        String id = docker(args.toArray(String[]::new)).trim();
        containerIds.add(id);
        return id;
    }

    /** Runs the docker CLI against this engine; returns its output, throws if it fails. */
    public String docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of(DOCKER, "-H", host()));
        cmd.addAll(List.of(args));
        try {
            return run(cmd);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String log() {
        try {
            String all = Files.readString(dir.resolve("dockerd.log"));
            return all.length() > 4000 ? all.substring(all.length() - 4000) : all;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        List<String> problems = new ArrayList<>();
        try {
            stop();
        } finally {
            // Whatever dockerd left behind (it was killed, or hung): its containerd and shims carry
            // this folder in their command line; container processes carry their id in their cgroup.
            for (long pid : leftoverPids()) {
                ProcessHandle.of(pid).ifPresent(h -> {
                    problems.add("process " + pid + " " + h.info().commandLine().orElse("") + " was still running");
                    h.destroyForcibly();
                });
            }
            for (String mount : mountsUnder()) {
                try {
                    run(List.of("umount", mount));
                } catch (IOException | RuntimeException e) {
                    try {
                        run(List.of("umount", "-l", mount));
                    } catch (IOException | RuntimeException e2) {
                        problems.add("cannot unmount " + mount + ": " + e2.getMessage());
                    }
                }
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                problems.add("cannot remove " + dir + ": " + e);
            }
            if (bridgeCreated) {
                try {
                    run(List.of("ip", "link", "del", bridge));
                } catch (IOException | RuntimeException e) {
                    problems.add("cannot delete bridge " + bridge + ": " + e.getMessage());
                }
            }
            if (!mountsUnder().isEmpty()) {
                problems.add("still mounted: " + mountsUnder());
            }
        }
        // Processes killed above mean dockerd did not stop cleanly: say so (the cleanup itself is done).
        if (!problems.isEmpty()) {
            throw new IllegalStateException("private engine in " + dir + " did not clean up: " + problems);
        }
    }

    private List<Long> leftoverPids() {
        List<Long> pids = new ArrayList<>();
        String marker = dir.toString() + "/";
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    String cgroup = Files.readString(p.resolve("cgroup"));
                    if (cmdline.contains(marker) || containerIds.stream().anyMatch(cgroup::contains)) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException e) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        pids.remove(ProcessHandle.current().pid());
        return pids;
    }

    /** Mount points under this engine's folder, deepest first. */
    private List<String> mountsUnder() {
        try {
            String prefix = dir.toString();
            return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" ")[4])
                    .filter(m -> m.equals(prefix) || m.startsWith(prefix + "/"))
                    .sorted(Comparator.comparingInt(String::length).reversed()).distinct().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
