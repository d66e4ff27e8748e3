#!/usr/bin/env bash
# bench/sharding/run.sh - issue 15's benchmark: a container of N objects is sharded into S shards by
# Swift's own tools (swift-manage-shard-ranges, swift-container-sharder, swift-object-updater, one
# node after the other) while a writer adds R objects a second; three cloudsync daemons (`sync`,
# one per SAIO node, poll_interval P) keep it synced to a standalone S3Proxy. Prints:
#   * write -> remote latency of every object written from the start of sharding until it ended
#     (+ 2 poll intervals): p50, p95, max, and how many took longer than P + 1 s (the issue's bound);
#   * the daemons' CPU (utime+stime from /proc) over a quiet window with no writes, once before
#     sharding (the container unsharded) and once after (sharded): the issue asks sharded <= unsharded.
#
#   bench/sharding/run.sh [--objects N] [--shards S] [--rate R] [--poll P] [--quiet-s Q] [--keep]
#       defaults: 20000 objects, 8 shards, 10 objects/s, poll_interval 5 s, quiet windows of 90 s
#
# Needs: the SAIO up (test-container/saio-up.sh), cli/target/cloudsync.jar and the bench helper
#   (./mvnw -q -B -o -pl cli,bench -am package -DskipTests).
# The sharder and updaters run with --partitions of this container's root and shards and --devices
# of one node: other containers on a shared SAIO are not touched. Objects are 1 KiB, written through
# the internal proxy. The container (bench-shard-<timestamp> in AUTH_test) and the bucket are
# removed at the end unless --keep; logs, configs and the table stay in bench/target/sharding-<ts>/.
# Wall-clock figures on a shared 2-core box: compare runs only at a similar load (machine.txt).
set -euo pipefail
export LC_ALL=C
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
SAIO_DIR=${SAIO_DIR:-/tmp/saio}
# shellcheck disable=SC1091
source "$SAIO_DIR/saio.env"
# shellcheck source=../lib/s3proxy.sh
source "$ROOT/bench/lib/s3proxy.sh"

N=20000; SHARDS=8; RATE=10; POLL=5; QUIET=90; KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --objects) N=$2; shift ;;
    --shards) SHARDS=$2; shift ;;
    --rate) RATE=$2; shift ;;
    --poll) POLL=$2; shift ;;
    --quiet-s) QUIET=$2; shift ;;
    --keep) KEEP=1 ;;
    *) echo "usage: $0 [--objects N] [--shards S] [--rate R] [--poll P] [--quiet-s Q] [--keep]" >&2; exit 2 ;;
  esac
  shift
done

TS=$(date +%Y%m%d-%H%M%S)
W=$ROOT/bench/target/sharding-$TS
mkdir -p "$W"
JAR=$ROOT/cli/target/cloudsync.jar
CLOUDSYNC=$ROOT/bin/cloudsync
PY=/usr/bin/python3   # the interpreter Swift's tools and libraries are installed for
HERE=$ROOT/bench/sharding
export JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$W/bench.log" >&2; }
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
list_all() {  # CONTAINER_URL -> every object name (Swift answers 10,000 at most a request)
  local marker="" page
  while page=$(curl -s -f "$1?format=plain&limit=10000&marker=$marker") && [ -n "$page" ]; do
    echo "$page"; marker=$(tail -1 <<< "$page" | python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.stdin.read().strip()))')
  done
}
key_prefix() { python3 -c 'import hashlib,sys; print("%x" % (int(hashlib.md5(sys.argv[1].encode()).hexdigest(),16) % 16**6))' "$1"; }

[ -f "$JAR" ] || { echo "build first: (cd $ROOT && ./mvnw -q -B -o -pl cli,bench -am package -DskipTests)" >&2; exit 1; }
[ -f "$ROOT/bench/target/classes/io/cloudsync/bench/BenchS3.class" ] || (cd "$ROOT" && ./mvnw -q -B -o -pl bench package)
command -v curl >/dev/null || apt-get install -y curl >/dev/null

# ------------------------------------------------------------------ S3Proxy, container, cleanup
s3proxy_start "$W" 1g
C=bench-shard-$TS
B=bench-shard-$TS
IP=$SWIFT_INTERNAL_PROXY_URL/v1/$SWIFT_ACCOUNT
PIDS=("$S3PROXY_PID")
DAEMONS=()
s3() { java -Xmx128m -XX:TieredStopAtLevel=1 -cp "$JAR:$ROOT/bench/target/classes" io.cloudsync.bench.BenchS3 "$@"; }
cleanup() {
  local p
  touch "$W/stop"
  for p in "${DAEMONS[@]}" "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ "$KEEP" = 0 ]; then
    list_all "$IP/$C" > "$W/left.txt" || true
    sed "s|.*|url = \"$IP/$C/&\"\nrequest = DELETE\noutput = /dev/null|" "$W/left.txt" > "$W/delete.cfg"
    [ -s "$W/delete.cfg" ] && curl -s --no-progress-meter -Z --parallel-max 16 -K "$W/delete.cfg" || true
    curl -s -o /dev/null -X DELETE "$IP/$C" || true
  fi
}
trap cleanup EXIT
trap "exit 130" INT TERM
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(lscpu | sed -n "s/^Model name: *//p" | head -1), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg); JAVA_OPTS=$JAVA_OPTS" > "$W/machine.txt"
log "S3Proxy $S3_ENDPOINT; container $SWIFT_ACCOUNT/$C; results in $W"
s3 mb "$B"
curl -s -f -o /dev/null -X PUT "$IP/$C"

# ------------------------------------------------------------------ N objects, unsharded
log "writing $N x 1 KiB objects"
head -c 1024 /dev/urandom > "$W/body"
seq -f "o-%06g" 0 $((N - 1)) > "$W/names.txt"
for attempt in 1 2 3 4; do  # a loaded SAIO answers some PUTs 503: put what the listing lacks again
  { list_all "$IP/$C" || true; } | sort > "$W/listed.txt"
  comm -23 "$W/names.txt" "$W/listed.txt" > "$W/missing.txt"
  [ -s "$W/missing.txt" ] || break
  [ "$attempt" -lt 4 ] || { log "$(wc -l < "$W/missing.txt") objects could not be written"; exit 1; }
  sed "s|.*|url = \"$IP/$C/&\"\nupload-file = \"$W/body\"\noutput = /dev/null|" "$W/missing.txt" > "$W/put.cfg"
  curl -s --no-progress-meter -Z --parallel-max 32 -K "$W/put.cfg" || true
done
rm -f "$W/put.cfg" "$W/listed.txt" "$W/missing.txt"

# ------------------------------------------------------------------ three daemons, initial sync
PORTS=()
for n in 1 2 3; do
  port=$(freeport); PORTS+=("$port")
  cat > "$W/node$n.json" <<JSON
{"containers": [{"account": "$SWIFT_ACCOUNT", "container": "$C", "aws_bucket": "$B", "aws_endpoint": "$S3_ENDPOINT",
  "aws_identity": "$S3_ID", "aws_secret": "$S3_SECRET"}],
 "devices": "$SAIO_DIR/srv/$n/node", "swift_dir": "$SWIFT_CONF_DIR", "status_dir": "$W/status-$n",
 "swift_bind_ip": "127.0.0.$n", "swift_bind_port": 62${n}1, "poll_interval": $POLL, "workers": 16,
 "internal_proxy_url": "$SWIFT_INTERNAL_PROXY_URL", "metrics_bind": "127.0.0.1:$port"}
JSON
  "$CLOUDSYNC" sync --config "$W/node$n.json" > "$W/daemon-$n.log" 2>&1 &
  DAEMONS+=($!)
done
t0=$(date +%s.%N)
"$PY" "$ROOT/bench/lib/await_copied.py" "$N" 3600 "${PORTS[@]}" > "$W/init.done"
log "initial sync of $N objects by 3 daemons: $(awk -v a="$t0" -v b="$(cat "$W/init.done")" 'BEGIN{printf "%.1f", b-a}') s"

quiet_cpu() {  # LABEL -> daemons' CPU ms over $QUIET s with no writes (after 2 poll intervals to settle)
  sleep $((2 * POLL))
  local a b
  a=$(ticks "${DAEMONS[@]}"); sleep "$QUIET"; b=$(ticks "${DAEMONS[@]}")
  echo $(( (b - a) * 1000 / $(getconf CLK_TCK) ))
}
log "quiet window, unsharded ($QUIET s)"
CPU_UNSHARDED=$(quiet_cpu)
log "  daemons' CPU: $CPU_UNSHARDED ms"

# ------------------------------------------------------------------ sharding under a writer
PREFIX="$(key_prefix "$SWIFT_ACCOUNT/$C")/$SWIFT_ACCOUNT/$C/"
: > "$W/writes.tsv"
python3 "$HERE/writer.py" "$IP/$C" "$PREFIX" "$RATE" "$W/writes.tsv" "$W/stop" > "$W/writer.out" 2>&1 &
WRITER=$!; PIDS+=("$WRITER")
s3 latency "$B" "${PREFIX}w-" "$W/writes.tsv" "$W/writer.done" $((3600 + 20 * POLL)) > "$W/latency.txt" &
POLLER=$!; PIDS+=("$POLLER")
sleep $((2 * POLL))

log "sharding: find_and_replace $(( (N + SHARDS - 1) / SHARDS )) rows a shard, then sharder passes node by node"
ts0=$(date +%s)
ROOTDB=$("$PY" "$HERE/shardtool.py" db "$SWIFT_ACCOUNT" "$C" 1)
"$PY" /usr/bin/swift-manage-shard-ranges --force-commits "$ROOTDB" find_and_replace $(( (N + SHARDS - 1) / SHARDS )) \
  --enable --force > "$W/manage.log" 2>&1
PARTS=$("$PY" "$HERE/shardtool.py" partitions "$SWIFT_ACCOUNT" "$C")
NSHARDS=$("$PY" "$HERE/shardtool.py" shards "$SWIFT_ACCOUNT" "$C")
ROUNDS=0
while [ "$("$PY" "$HERE/shardtool.py" state "$SWIFT_ACCOUNT" "$C")" != "sharded sharded sharded" ]; do
  ROUNDS=$((ROUNDS + 1))
  [ "$ROUNDS" -le 10 ] || { log "not sharded after 10 rounds: $("$PY" "$HERE/shardtool.py" state "$SWIFT_ACCOUNT" "$C")"; exit 1; }
  for n in 1 2 3; do
    "$PY" /usr/bin/swift-container-sharder "$SWIFT_CONF_DIR/container-server/$n.conf" once \
      --partitions "$PARTS" --devices "sdb$n" >> "$W/sharder.log" 2>&1
    log "  round $ROUNDS, node $n: roots $("$PY" "$HERE/shardtool.py" state "$SWIFT_ACCOUNT" "$C")"
  done
  for n in 1 2 3; do  # a redirected container update waits for the updater, as in a cluster
    "$PY" /usr/bin/swift-object-updater "$SWIFT_CONF_DIR/object-server/$n.conf" once >> "$W/updater.log" 2>&1
  done
done
ts1=$(date +%s)
log "sharded into $NSHARDS shards in $((ts1 - ts0)) s ($ROUNDS rounds)"
sleep $((2 * POLL))
touch "$W/stop"; wait "$WRITER" || true
tee -a "$W/bench.log" < "$W/writer.out" >&2
touch "$W/writer.done"; wait "$POLLER" || true

log "quiet window, sharded ($QUIET s)"
CPU_SHARDED=$(quiet_cpu)
log "  daemons' CPU: $CPU_SHARDED ms"

# ------------------------------------------------------------------ table
BOUND=$(( (POLL + 1) * 1000 ))
read -r WRITES P50 P95 MAX OVER LOST < <(python3 -c '
import sys
bound = int(sys.argv[1]); v = []; lost = 0
for line in open(sys.argv[2]):
    ms = int(line.split()[1])
    if ms < 0: lost += 1
    else: v.append(ms)
v.sort()
if not v: print(lost, "-", "-", "-", 0, lost); sys.exit()
pick = lambda q: v[int((len(v) - 1) * q)]
print(len(v) + lost, pick(0.5), pick(0.95), v[-1], sum(1 for x in v if x > bound), lost)' "$BOUND" "$W/latency.txt")
{
  echo "| $N objects -> $NSHARDS shards, writer $RATE/s, poll_interval $POLL s | value |"
  echo "|---|---|"
  echo "| sharding time (manage + sharder/updater rounds) | $((ts1 - ts0)) s, $ROUNDS rounds |"
  echo "| objects written during sharding | $WRITES |"
  echo "| write -> remote latency p50 / p95 / max | $P50 / $P95 / $MAX ms |"
  echo "| writes over poll_interval + 1 s ($BOUND ms) | $OVER |"
  echo "| writes never seen remotely | $LOST |"
  echo "| daemons' CPU over a quiet ${QUIET} s, unsharded | $CPU_UNSHARDED ms |"
  echo "| daemons' CPU over a quiet ${QUIET} s, sharded | $CPU_SHARDED ms |"
} | tee "$W/table.md"
