#!/usr/bin/env bash
# Cost of container metrics collection: N real busybox containers, the collector at 1 s for S
# seconds, CPU seconds per round and resident memory. Usage: bench/metrics-collection.sh [N] [S]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -B -q -pl bench -am compile dependency:build-classpath -Dmdep.outputFile=target/metrics-bench.cp \
  -Dmdep.includeScope=runtime
CP="bench/target/classes:$(cat bench/target/metrics-bench.cp)"
exec /usr/bin/time -v java ${BENCH_JAVA_OPTS:--Xmx256m} -cp "$CP" io.wharf.bench.metrics.MetricsCollectionBench "${1:-100}" "${2:-60}"
