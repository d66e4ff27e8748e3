#!/usr/bin/env bash
# bench/firstsync/run.sh - issue 19 item 1: the first sync of an existing container. N x 4 KiB
# (rows hours old, older than verification_slack) from the SAIO into a fresh S3Proxy bucket per
# run, alternating:
#   - cloudsync: 3 daemons (one per SAIO node) started together, JVM start included, default
#     configuration (verification_slack 1 min, workers, poll_interval): the clock stops when their
#     metrics count N objects copied; the requests are counted at S3Proxy (its own metrics) once
#     every daemon has also verified the other nodes' rows (both cursors at the end of the DB);
#   - rclone copy --transfers 32 (public proxy -> S3Proxy), requests counted the same way.
#
#   bench/firstsync/run.sh [--runs 5] [--objects 20000]
#
# Needs the SAIO up, cli/target/cloudsync.jar and bench/target/classes (./mvnw -q -B -DskipTests
# package), rclone. Prints median wall, objects/s, requests per object and CPU per object.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
SAIO_DIR=${SAIO_DIR:-/tmp/saio}
# shellcheck disable=SC1091
source "$SAIO_DIR/saio.env"
# shellcheck source=../lib/s3proxy.sh
source "$ROOT/bench/lib/s3proxy.sh"
RUNS=5; N=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift ;;
    --objects) N=$2; shift ;;
    *) echo "usage: $0 [--runs N] [--objects N]" >&2; exit 2 ;;
  esac
  shift
done
PY=/usr/bin/python3
JAR=$ROOT/cli/target/cloudsync.jar
CLOUDSYNC=$ROOT/bin/cloudsync
[ -f "$JAR" ] && [ -d "$ROOT/bench/target/classes" ] || { echo "build first: ./mvnw -q -B -DskipTests package" >&2; exit 1; }
command -v rclone >/dev/null || apt-get install -y rclone >/dev/null
W=$ROOT/bench/target/firstsync-$(date +%Y%m%d-%H%M%S); mkdir -p "$W"
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$W/bench.log" >&2; }
now() { date +%s.%N; }
el() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b-a}'; }
median() { $PY -c 'import sys,statistics as s; print("%.3f" % s.median([float(x) for x in sys.stdin.read().split()]))'; }
freeport() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
unset AWS_CA_BUNDLE
S3PROXY_METRICS_PORT=$(freeport); export S3PROXY_METRICS_PORT
s3proxy_start "$W" 4g
DAEMONS=()
cleanup() {
  for p in "${DAEMONS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
  kill "$S3PROXY_PID" 2>/dev/null || true
}
trap cleanup EXIT
trap "exit 130" INT TERM
s3() { java -Xmx128m -XX:TieredStopAtLevel=1 -cp "$JAR:$ROOT/bench/target/classes" io.cloudsync.bench.BenchS3 "$@"; }
requests() {  # every request S3Proxy has answered so far (its Prometheus counters, all operations)
  curl -s "http://127.0.0.1:$S3PROXY_METRICS_PORT/metrics" \
    | awk '!/^#/ && /s3_operation=/ { split($0, a, "{"); if (a[1] ~ /_count$/) s += $NF } END { printf "%d\n", s }'
}
export RCLONE_CONFIG=$SAIO_RCLONE_CONFIG
export RCLONE_CONFIG_BS3_TYPE=s3 RCLONE_CONFIG_BS3_PROVIDER=Other RCLONE_CONFIG_BS3_ENDPOINT=$S3_ENDPOINT \
  RCLONE_CONFIG_BS3_ACCESS_KEY_ID=$S3_ID RCLONE_CONFIG_BS3_SECRET_ACCESS_KEY=$S3_SECRET \
  RCLONE_CONFIG_BS3_FORCE_PATH_STYLE=true RCLONE_CONFIG_BS3_REGION=us-east-1
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$W/machine.txt"
[ "$(requests)" -ge 0 ] || { echo "S3Proxy metrics not answering" >&2; exit 1; }

C=bench-$N
have=$(swift stat "$C" 2>/dev/null | awk '/Objects:/{print $2}')
if [ "${have:-0}" -lt "$N" ]; then
  log "creating $C: $N x 4 KiB (once; reused by later runs)"
  mkdir -p "$W/data"
  $PY -c 'import os,sys; d=sys.argv[1]; [open("%s/o%06d" % (d,i),"wb").write(os.urandom(4096)) for i in range(int(sys.argv[2]))]' "$W/data" "$N"
  (cd "$W/data" && swift upload --object-threads 32 "$C" . > /dev/null); rm -rf "$W/data"
  for i in 1 2 3; do swift-object-updater "$SAIO_DIR/etc/object-server/$i.conf" once > /dev/null 2>&1 || true; done
  log "waiting 70 s: the rows must be older than the default verification_slack (1 min)"; sleep 70
fi

verified() {  # STATUS_DIR...: true when every daemon's entry for $C has both cursors at max_row
  $PY - "$C" "$@" <<'PYEOF'
import json, sys
c = sys.argv[1]
for d in sys.argv[2:]:
    try:
        f = json.load(open(f"{d}/AUTH_test/{c}"))
    except (OSError, ValueError):
        sys.exit(1)
    entries = [t for db in f.values() if isinstance(db, dict) for t in db.values() if isinstance(t, dict)]
    if not entries or any(e.get("max_row", 0) == 0 or e["last_row"] < e["max_row"] or e["last_verified_row"] < e["max_row"] for e in entries):
        sys.exit(1)
PYEOF
}
cs_run() {  # RUN -> appends "wall cpu_s requests puts" to $W/cs
  local r=$1 b=cs-$1 i t0 t1 q0 d0 d1 ports=()
  s3 mb "$b"
  for i in 1 2 3; do
    ports[$i]=$(freeport)
    cat > "$W/cs$r-$i.json" <<JSON
{"containers": [{"account": "AUTH_test", "container": "$C", "aws_bucket": "$b", "aws_endpoint": "$S3_ENDPOINT", "aws_identity": "$S3_ID", "aws_secret": "$S3_SECRET"}],
 "devices": "$SAIO_DIR/srv/$i/node", "swift_dir": "$SAIO_DIR/etc", "status_dir": "$W/cs$r-status-$i",
 "swift_bind_ip": "127.0.0.$i", "swift_bind_port": $((6200 + i * 10 + 1)),
 "internal_proxy_url": "$SWIFT_INTERNAL_PROXY_URL", "metrics_bind": "127.0.0.1:${ports[$i]}"}
JSON
  done
  q0=$(requests); t0=$(now)
  DAEMONS=()
  for i in 1 2 3; do
    "$CLOUDSYNC" sync --config "$W/cs$r-$i.json" > "$W/cs$r-$i.log" 2>&1 &
    DAEMONS+=($!)
  done
  d0=$(ticks "${DAEMONS[@]}")
  t1=$($PY "$ROOT/bench/lib/await_copied.py" "$N" 1800 "${ports[@]:1}") || { log "WARNING: run $r: fewer than $N copied"; t1=$(now); }
  d1=$(ticks "${DAEMONS[@]}")
  local deadline=$((SECONDS + 600))
  until verified "$W/cs$r-status-"{1,2,3}; do
    [ $SECONDS -lt $deadline ] || { log "WARNING: run $r: not verified after 600 s"; break; }
    sleep 1
  done
  sleep 2
  local q1; q1=$(requests)
  for p in "${DAEMONS[@]}"; do kill -TERM "$p"; done
  for p in "${DAEMONS[@]}"; do wait "$p" || log "daemon $p exited $? on SIGTERM"; done
  DAEMONS=()
  local got; got=$(s3 count "$b"); [ "$got" = "$N" ] || log "WARNING: cloudsync run $r: $got of $N keys"
  echo "$(el "$t0" "$t1") $(awk -v d=$((d1 - d0)) 'BEGIN{printf "%.2f", d/100}') $((q1 - q0))" >> "$W/cs"
}
rc_run() {  # RUN -> appends "wall cpu_s requests" to $W/rc
  local r=$1 b=rc-$1 t0 t1 q0 q1
  s3 mb "$b"
  q0=$(requests); t0=$(now)
  /usr/bin/time -f "%U %S" -o "$W/rc-$r.time" rclone copy "saio:$C" "bs3:$b" --transfers 32 2> "$W/rc-$r.log"
  t1=$(now); q1=$(requests)
  local got; got=$(s3 count "$b"); [ "$got" = "$N" ] || log "WARNING: rclone run $r: $got of $N keys"
  echo "$(el "$t0" "$t1") $(awk '{print $1+$2}' "$W/rc-$r.time") $((q1 - q0))" >> "$W/rc"
}
for r in $(seq "$RUNS"); do
  if [ $((r % 2)) = 1 ]; then cs_run "$r"; rc_run "$r"; else rc_run "$r"; cs_run "$r"; fi
  log "run $r: cloudsync $(tail -1 "$W/cs"), rclone $(tail -1 "$W/rc") (wall s, CPU s, requests at S3Proxy)"
done
row() { local w c q; w=$(cut -d' ' -f1 "$W/$2" | median); c=$(cut -d' ' -f2 "$W/$2" | median); q=$(cut -d' ' -f3 "$W/$2" | median)
  printf '| %s | %s | %.0f | %.3f | %.2f |\n' "$1" "$w" "$(awk -v n="$N" -v w="$w" 'BEGIN{print n/w}')" \
    "$(awk -v n="$N" -v q="$q" 'BEGIN{print q/n}')" "$(awk -v n="$N" -v c="$c" 'BEGIN{print c*1000/n}')"; }
{
  echo "| first sync, $N x 4 KiB SAIO -> S3Proxy, $RUNS alternating runs | median wall s | objects/s | requests/object | CPU ms/object |"
  echo "|---|---|---|---|---|"
  row "cloudsync: 3 daemons started together, default config" cs
  row "rclone copy --transfers 32" rc
  echo; echo "ratio rclone/cloudsync wall: $(awk -v a="$(cut -d' ' -f1 "$W/cs" | median)" -v b="$(cut -d' ' -f1 "$W/rc" | median)" 'BEGIN{printf "%.2f", b/a}')"
  echo "cloudsync requests counted once every daemon had verified the other nodes' rows (a slack after the start); the wall clock stops at N copied."
} | tee "$W/table.md"
