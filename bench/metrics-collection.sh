#!/usr/bin/env bash
# Cost of container metrics collection, side by side: N real busybox containers, one agent
# collector process sampling them every second and one sampling none (the baseline), both at the
# same time for S seconds after W seconds of warm-up; whole-process CPU, the difference per round,
# resident memory. Usage: bench/metrics-collection.sh [N] [S] [W]
# BENCH_JAVA_OPTS: JVM options of both collector processes (default -Xmx256m).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -B -q -ntp -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/metrics-bench.cp \
  -Dmdep.includeScope=runtime
CP="bench/target/classes:$(cat bench/target/metrics-bench.cp)"
exec java -Xmx128m -cp "$CP" io.wharf.bench.metrics.MetricsCollectionBench "${1:-100}" "${2:-60}" "${3:-20}"
