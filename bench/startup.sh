#!/usr/bin/env bash
# Agent start-up, whole process: from starting the agent to the first line of an already running
# container in its output (file output), RUNS times, taking turns between the plain jar and the
# launcher (`./wharf agent`, which records and then uses a class data sharing archive).
#   bench/run startup [RUNS] [JAR]      JAR: another build to compare with (e.g. main's), run plain
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
OTHER="${2:-}"
JAR="$ROOT/cli/target/wharf.jar"
W=$(mktemp -d /tmp/wharf-startup.XXXX)
label="startup-$$"
cid=$(docker run -d -l "wharf.startup=$label" local/busybox:1 sh -c 'seq 1 1000; exec sleep 3600')
trap 'docker rm -f "$cid" >/dev/null; rm -rf "$W"' EXIT
until docker logs "$cid" 2>/dev/null | grep -qx 1000; do sleep 0.1; done

# One start: prints the milliseconds from launch to the first line in the output.
once() {
  rm -rf "$W/data" "$W/out"; mkdir -p "$W/out"
  cat > "$W/agent.yml" <<YML
agent: {name: startup, data_dir: $W/data}
logs:
  parser: none
  rules:
    - match: {label: "wharf.startup=$label"}
    - match: {name: "*"}
      exclude: true
http: {host: 127.0.0.1, port: 0}
outputs:
  file: {path: $W/out}
YML
  local t0 t1 pid
  t0=$(date +%s%N)
  "$@" agent -c "$W/agent.yml" > "$W/agent.log" 2>&1 &
  pid=$!
  until [ -s "$W/out/events.ndjson" ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$W/agent.log" >&2; exit 1; }
    sleep 0.005
  done
  t1=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true   # SIGTERM: the launcher's first run records its archive now
  echo $(( (t1 - t0) / 1000000 ))
}

[ -f "$JAR" ] || { echo "no $JAR: build it first (./wharf run, or mvn -pl cli -am package -DskipTests)" >&2; exit 1; }
rm -f "${JAR%.jar}.jsa"
echo "recording the launcher's archive: $(once "$ROOT/wharf") ms (not counted)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 1 "$RUNS"); do
  line="run $r: java -jar $(once java -Xmx256m -jar "$JAR") ms, ./wharf agent (CDS) $(once env WHARF_JAVA_OPTS=-Xmx256m "$ROOT/wharf") ms"
  [ -n "$OTHER" ] && line="$line, other jar $(once java -Xmx256m -jar "$OTHER") ms"
  echo "$line"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
