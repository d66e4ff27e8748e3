#!/usr/bin/env bash
# bench/gcs/compose.sh - issue 14: a large object's whole content into GCS as one resumable
# upload (what the GCS store does) or as parallel segment uploads + compose, against
# fake-gcs-server (filesystem backend), alternating runs (io.cloudsync.bench.GcsComposeBench).
#
#   bench/gcs/compose.sh [--runs 5] [--mib 256] [--segment-mib 32] [--parallel 4]
#
# Needs cli/target/cloudsync.jar and bench/target/classes (./mvnw -q -B -DskipTests package) and
# the emulator binary the tests build (~/.cache/cloudsync/fake-gcs-server-v1.56.1/).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
RUNS=5; MIB=256; SEG=32; PAR=4
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift ;;
    --mib) MIB=$2; shift ;;
    --segment-mib) SEG=$2; shift ;;
    --parallel) PAR=$2; shift ;;
    *) echo "usage: $0 [--runs N] [--mib M] [--segment-mib S] [--parallel P]" >&2; exit 2 ;;
  esac
  shift
done
JAR=$ROOT/cli/target/cloudsync.jar; CLASSES=${BENCH_CLASSES:-$ROOT/bench/target/classes}
FGS=${CLOUDSYNC_CACHE:-$HOME/.cache/cloudsync}/fake-gcs-server-v1.56.1/fake-gcs-server
[ -f "$JAR" ] && [ -d "$CLASSES" ] || { echo "build first: ./mvnw -q -B -DskipTests package" >&2; exit 1; }
[ -x "$FGS" ] || { echo "no $FGS: run FakeGcsIT once (it builds the emulator)" >&2; exit 1; }
W=$ROOT/bench/target/gcs-compose-$(date +%Y%m%d-%H%M%S); mkdir -p "$W/data"
PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$FGS" -scheme http -host 127.0.0.1 -port "$PORT" -external-url "http://127.0.0.1:$PORT" \
  -backend filesystem -filesystem-root "$W/data" -log-level error > "$W/fgs.log" 2>&1 &
FGS_PID=$!
trap 'kill $FGS_PID 2>/dev/null; rm -rf "$W/data"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/storage/v1/b?project=bench" > /dev/null && break; sleep 0.1; done
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$W/machine.txt"
java -Xmx256m -cp "$JAR:$CLASSES" io.cloudsync.bench.GcsComposeBench "http://127.0.0.1:$PORT" "$MIB" "$SEG" "$RUNS" "$PAR" \
  2> >(tee "$W/runs.log" >&2) | tee "$W/table.md"
