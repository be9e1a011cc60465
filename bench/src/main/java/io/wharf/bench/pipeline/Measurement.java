package io.wharf.bench.pipeline;

/**
 * One contender's run of one scenario, whole process: wall seconds until the last line was
 * delivered, CPU seconds of every thread until then (utime + stime), and the most resident memory
 * the process had (VmHWM).
 */
record Measurement(String contender, int round, long lines, double wallSeconds, double cpuSeconds, long peakRssKib, String load) {
    double cpuPerMillionLines() {
        return cpuSeconds / lines * 1e6;
    }

    double peakRssMib() {
        return peakRssKib / 1024.0;
    }
}
