#!/usr/bin/env bash
# bench/shunt/run.sh - the shunt proxy against direct access, on this machine's Swift all-in-one.
#
#   bench/shunt/run.sh [--requests N] [--concurrency C] [--rounds R] [--mib M] [--only small]
#
# 1. small-object GETs (4 KiB): directly to the Swift proxy vs through `cloudsync shunt`, same run,
#    alternating rounds, C keep-alive connections, N requests per round -> requests/s, p50/p99;
# 2. an M MiB object archived by `cloudsync sync --once` (retain_local: false): read through the
#    shunt (Swift 404 -> S3) vs read directly from S3 with the AWS SDK -> MiB/s; and, as a reference
#    for what one more proxy hop costs on this box, the same SDK read through HAProxy in TCP mode
#    (Debian's haproxy, installed if missing) in front of S3Proxy.
# --only small runs part 1 only (a minute or two instead of several). The shunt runs as in
# production, through bin/cloudsync with its default JVM options; SHUNT_JAVA_OPTS, when set,
# replaces them (bin/cloudsync's JAVA_OPTS).
# Needs the SAIO up and cli/target/cloudsync.jar. S3 is a standalone S3Proxy (transient backend).
# Prints a Markdown table (also bench/target/shunt-<timestamp>/table.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
SAIO_DIR=${SAIO_DIR:-/tmp/saio}
# shellcheck disable=SC1091
source "$SAIO_DIR/saio.env"
# shellcheck source=../lib/s3proxy.sh
source "$ROOT/bench/lib/s3proxy.sh"

REQUESTS=20000; CONC=16; ROUNDS=5; MIB=100; ONLY=all
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) REQUESTS=$2; shift ;;
    --concurrency) CONC=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --mib) MIB=$2; shift ;;
    --only) ONLY=$2; shift ;;
    *) echo "usage: $0 [--requests N] [--concurrency C] [--rounds R] [--mib M] [--only small]" >&2; exit 2 ;;
  esac
  shift
done
case "$ONLY" in
  all|small) ;;
  *) echo "$0: --only takes 'small' (the small-GET part), not '$ONLY'" >&2; exit 2 ;;
esac

W=$ROOT/bench/target/shunt-$(date +%Y%m%d-%H%M%S)
mkdir -p "$W"
JAR=$ROOT/cli/target/cloudsync.jar
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$W/bench.log" >&2; }
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

[ -f "$JAR" ] || { echo "build first: (cd $ROOT && ./mvnw -q -B -DskipTests package)" >&2; exit 1; }
[ -f "$ROOT/bench/target/classes/io/cloudsync/bench/ShuntLoad.class" ] || (cd "$ROOT" && ./mvnw -q -B -o -pl bench -am package)

# ------------------------------------------------------------------ S3Proxy and the shunt
s3proxy_start "$W" 2g
PIDS=("$S3PROXY_PID")
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
s3() { java -cp "$JAR:$ROOT/bench/target/classes" io.cloudsync.bench.BenchS3 "$@"; }
TOKEN=$(curl -s -D - -o /dev/null -H "X-Auth-User: $SWIFT_USER" -H "X-Auth-Key: $SWIFT_KEY" "$SWIFT_AUTH_URL" \
  | awk -F': ' 'tolower($1)=="x-auth-token"{print $2}' | tr -d '\r')

# ------------------------------------------------------------------ data
SMALL=bench-shunt-small
curl -s -f -o /dev/null -X PUT -H "X-Auth-Token: $TOKEN" "$SWIFT_STORAGE_URL/$SMALL"
head -c 4096 /dev/urandom > "$W/small"
curl -s -f -o /dev/null -X PUT -H "X-Auth-Token: $TOKEN" -T "$W/small" "$SWIFT_STORAGE_URL/$SMALL/small"
ARCH=bench-shunt-arch-$(date +%s)
BUCKET=bench-shunt-$(date +%s)
s3 mb "$BUCKET"
curl -s -f -o /dev/null -X PUT -H "X-Auth-Token: $TOKEN" "$SWIFT_STORAGE_URL/$ARCH"
cat > "$W/sync.json" <<EOF
{"containers": [{"account": "AUTH_test", "container": "$ARCH", "aws_bucket": "$BUCKET",
   "aws_endpoint": "$S3_ENDPOINT", "aws_identity": "$S3_ID", "aws_secret": "$S3_SECRET",
   "retain_local": false, "propagate_delete": false, "copy_after": 0}],
 "devices": "$SAIO_DIR/srv/1/node", "swift_dir": "$SAIO_DIR/etc", "status_dir": "$W/status",
 "swift_bind_ip": "127.0.0.1", "swift_bind_port": 6211, "verification_slack": 0,
 "internal_proxy_url": "$SWIFT_INTERNAL_PROXY_URL", "metrics_bind": "", "log_level": "warning"}
EOF
ARCHIVED_ARGS=()
if [ "$ONLY" = all ]; then
  log "writing a $MIB MiB object and archiving it with cloudsync sync --once"
  head -c $((MIB << 20)) /dev/urandom > "$W/big"
  curl -s -f -o /dev/null -X PUT -H "X-Auth-Token: $TOKEN" -T "$W/big" "$SWIFT_STORAGE_URL/$ARCH/big"
  # a small archived object: thousands of reads of it warm up the per-read code before the rounds
  curl -s -f -o /dev/null -X PUT -H "X-Auth-Token: $TOKEN" -T "$W/small" "$SWIFT_STORAGE_URL/$ARCH/small"
  rm -f "$W/big"
  "$ROOT/bin/cloudsync" sync --config "$W/sync.json" --once > "$W/sync.log" 2>&1
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $TOKEN" "$SWIFT_STORAGE_URL/$ARCH/big")
  [ "$code" = 404 ] || { log "the object was not archived (local GET $code); see $W/sync.log"; exit 1; }
  KEY=$(python3 -c 'import hashlib,sys; print("%x" % (int(hashlib.md5(sys.argv[1].encode()).hexdigest(),16) % 16**6))' "AUTH_test/$ARCH")/AUTH_test/$ARCH/big
  command -v haproxy >/dev/null || apt-get install -y haproxy >/dev/null
  RELAY_PORT=$(freeport)
  cat > "$W/haproxy.cfg" <<EOF
global
  maxconn 100
defaults
  mode tcp
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend s3relay
  bind 127.0.0.1:$RELAY_PORT
  default_backend s3proxy
backend s3proxy
  server s3proxy ${S3_ENDPOINT#http://}
EOF
  haproxy -f "$W/haproxy.cfg" -db > "$W/haproxy.log" 2>&1 &
  PIDS+=("$!")
  ARCHIVED_ARGS=(--s3-relay "http://127.0.0.1:$RELAY_PORT" --s3-relay-name "HAProxy $(haproxy -v | awk 'NR==1{print $3}') (TCP mode)" --archived "/v1/AUTH_test/$ARCH/big" --archived-small "/v1/AUTH_test/$ARCH/small" --s3 "$S3_ENDPOINT" --s3-id "$S3_ID" --s3-secret "$S3_SECRET"
    --bucket "$BUCKET" --key "$KEY" --s3-pid "${PIDS[0]}")
fi

# The shunt runs as in production: bin/cloudsync with its JVM options, unless SHUNT_JAVA_OPTS is set.
SHUNT_PORT=$(freeport)
if [ -n "${SHUNT_JAVA_OPTS+x}" ]; then export JAVA_OPTS=$SHUNT_JAVA_OPTS; else unset JAVA_OPTS; fi
"$ROOT/bin/cloudsync" shunt --config "$W/sync.json" --listen "127.0.0.1:$SHUNT_PORT" --swift-proxy "$SWIFT_PROXY_URL" \
  --log-level warning > "$W/shunt.log" 2>&1 &
SHUNT_PID=$!
PIDS+=("$SHUNT_PID")
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$SHUNT_PORT/info" && break; sleep 0.2; done
log "shunt on 127.0.0.1:$SHUNT_PORT in front of $SWIFT_PROXY_URL (JVM options: ${JAVA_OPTS-bin/cloudsync defaults}); S3Proxy $S3_ENDPOINT; results in $W"
echo "$(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$W/machine.txt" >&2

# ------------------------------------------------------------------ load
java -cp "$JAR:$ROOT/bench/target/classes" io.cloudsync.bench.ShuntLoad \
  --direct "$SWIFT_PROXY_URL" --shunt "http://127.0.0.1:$SHUNT_PORT" --token "$TOKEN" \
  --small "/v1/AUTH_test/$SMALL/small" "${ARCHIVED_ARGS[@]}" \
  --requests "$REQUESTS" --concurrency "$CONC" --rounds "$ROUNDS" \
  --shunt-pid "$SHUNT_PID" --swift-pids "$(pgrep -d, -f 'swift-(proxy|object|container|account)-server')" 2> >(tee -a "$W/bench.log" >&2) | tee "$W/table.md"
curl -s -o /dev/null -X DELETE -H "X-Auth-Token: $TOKEN" "$SWIFT_STORAGE_URL/$ARCH" || true
