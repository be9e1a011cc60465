package io.wharf.bench.grok;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A deterministic corpus of DIRAC service log lines for the parsing benchmark: DISET responses,
 * DISET queries and other service lines, mixed, in the three line-prefix shapes DIRAC has written
 * (v6r17 and before, v6r18 to v8, v9). The same seed gives the same lines, so every parser of one
 * run, and every run, sees the same input.
 */
public final class DiracCorpus {
    public static final long SEED = 20240305L;

    private static final String[] COMPONENTS = {
        "WorkloadManagement/JobManager", "DataManagement/FileCatalog", "Framework/SystemAdministrator",
        "WorkloadManagement/SandboxStore", "RequestManagement/ReqManager", "Accounting/DataStore",
    };
    private static final String[] METHODS = {
        "getJobs", "submitJob", "getJobStatus", "listDirectory", "getReplicas", "exists", "ping",
        "putRequest", "getSiteSummaryWeb", "commitRegisters",
    };
    private static final String[] TYPES = {"RPC", "RPC", "RPC", "FileTransfer", "Connection", "Message"};
    private static final String[] GROUPS = {"dirac_user", "lhcb_prod", "dirac_admin", "hosts"};
    private static final String[] USERS = {"jdoe", "asmith", "prodmgr", "dirac-host-01.cern.ch"};
    private static final String[] LEVELS_OLD = {"  INFO", "  VERB", "  WARN", " ERROR", "NOTICE", "ALWAYS", " DEBUG"};
    private static final String[] LEVELS = {"INFO", "VERBOSE", "WARN", "ERROR", "NOTICE", "DEBUG"};
    private static final String[] MESSAGES = {
        "Connection to database established",
        "Service listening on dips://dirac-wms.example.org:9132",
        "Sending 42 jobs to the Matcher for site LCG.CERN.cern",
        "Failed to contact the ProxyManager: [Errno 111] Connection refused",
        "Cache refreshed in 0.53 seconds (1208 entries)",
        "Job 118443265 changed status from Waiting to Matched",
        "Request processing took too long, trying again later",
    };

    private DiracCorpus() {
    }

    /** {@code count} lines: about 40% responses, 30% queries, 30% other lines. */
    public static List<String> lines(int count) {
        return lines(count, SEED);
    }

    public static List<String> lines(int count, long seed) {
        List<String> lines = new ArrayList<>(count);
        forEach(count, seed, lines::add);
        return lines;
    }

    /** The same lines as {@link #lines(int, long)}, one at a time (for corpora too large to hold). */
    public static void forEach(long count, long seed, Consumer<String> sink) {
        SplittableRandom random = new SplittableRandom(seed);
        for (long i = 0; i < count; i++) {
            int kind = random.nextInt(10);
            String prefix = prefix(random, i);
            String message = kind < 4 ? response(random) : kind < 7 ? query(random) : pick(random, MESSAGES);
            sink.accept(prefix + message);
        }
    }

    /** Timestamp, logger, frame or thread, level: ends with {@code "LEVEL: "}. */
    private static String prefix(SplittableRandom random, long i) {
        String component = pick(random, COMPONENTS);
        int second = (int) (i % 60);
        int minute = (int) ((i / 60) % 60);
        return switch (random.nextInt(3)) {
            // up to v6r17: [frame] right after the logger, level right-justified to 6
            case 0 -> String.format("2016-05-12 09:%02d:%02d UTC %s[%04X] %s: ", minute, second, component,
                    random.nextInt(0x10000), pick(random, LEVELS_OLD));
            // v6r18 to v8: optional sub-logger and thread id
            case 1 -> String.format("2021-11-03 14:%02d:%02d UTC %s%s [%d] %s: ", minute, second, component,
                    random.nextBoolean() ? "/Handler" : "", 139_000_000_000_000L + random.nextInt(1_000_000),
                    pick(random, LEVELS));
            // v9: ISO timestamp with microseconds
            default -> String.format("2024-03-05T10:%02d:%02d,%06dZ %s %s: ", minute, second, random.nextInt(1_000_000),
                    component, pick(random, LEVELS));
        };
    }

    private static String response(SplittableRandom random) {
        String status = random.nextInt(5) == 0
                ? "ERROR: Job " + random.nextInt(100_000_000) + " not found in the JobDB"
                : "OK";
        return "Returning response " + caller(random) + " (" + random.nextInt(10) + "." + String.format("%02d", random.nextInt(100))
                + " secs) " + status;
    }

    private static String query(SplittableRandom random) {
        return "Executing action " + caller(random) + " " + pick(random, TYPES) + "/" + pick(random, METHODS) + "(***)";
    }

    /** (ip:port) then [group:user], anonymous one time in ten, IPv6 one time in five. */
    private static String caller(SplittableRandom random) {
        String ip = random.nextInt(5) == 0
                ? "[2001:1458:201:e4::100:" + Integer.toHexString(random.nextInt(0x10000)) + "]"
                : "188.184." + random.nextInt(256) + "." + random.nextInt(256);
        String address = "(" + ip + ":" + (30_000 + random.nextInt(30_000)) + ")";
        if (random.nextInt(10) == 0) {
            return address;
        }
        int who = random.nextInt(GROUPS.length);
        return address + "[" + GROUPS[who] + ":" + USERS[who] + "]";
    }

    private static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
