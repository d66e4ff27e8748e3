#!/usr/bin/env bash
# bench/gcs/run.sh - N x 4 KiB from the SAIO to fake-gcs-server: cloudsync (protocol gcs, three
# running daemons) vs rclone copy (gcs backend, endpoint option, anonymous), alternating runs.
#
#   bench/gcs/run.sh [--runs 5] [--objects 2000]
#
# Needs: the SAIO up, cli/target/cloudsync.jar, the emulator binary the tests build
# (~/.cache/cloudsync/fake-gcs-server-v1.56.1/, or run FakeGcsIT once), rclone, python3, openssl.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
SAIO_DIR=${SAIO_DIR:-/tmp/saio}
# shellcheck disable=SC1091
source "$SAIO_DIR/saio.env"
RUNS=5; N=2000
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
FGS=${CLOUDSYNC_CACHE:-$HOME/.cache/cloudsync}/fake-gcs-server-v1.56.1/fake-gcs-server
W=$ROOT/bench/target/gcs-$(date +%Y%m%d-%H%M%S); mkdir -p "$W"
[ -f "$JAR" ] || { echo "build first: ./mvnw -q -B -DskipTests package" >&2; exit 1; }
[ -x "$FGS" ] || { echo "no $FGS: run FakeGcsIT once (it builds the emulator)" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$W/bench.log" >&2; }
now() { date +%s.%N; }
el() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b-a}'; }
freeport() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { $PY -c 'import sys,statistics as s; print("%.1f" % s.median([float(x) for x in sys.stdin.read().split()]))'; }

GP=$(freeport); GCS=http://127.0.0.1:$GP
"$FGS" -scheme http -host 127.0.0.1 -port "$GP" -external-url "$GCS" -backend memory -log-level error > "$W/fgs.log" 2>&1 &
FGS_PID=$!
TP=$(freeport); $PY "$ROOT/bench/gcs/token_server.py" "$TP" & TOKEN_PID=$!
DAEMONS=()
cleanup() {
  for p in "${DAEMONS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
  kill "$FGS_PID" "$TOKEN_PID" 2>/dev/null || true
}
trap cleanup EXIT
trap "exit 130" INT TERM
for _ in $(seq 100); do curl -sf "$GCS/storage/v1/b?project=bench" > /dev/null && break; sleep 0.1; done
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$W/key.pem" 2> /dev/null
$PY - "$W/key.pem" "http://127.0.0.1:$TP/token" > "$W/sa.json" <<'PYEOF'
import json, sys
print(json.dumps({"type": "service_account", "project_id": "bench", "private_key_id": "1",
                  "private_key": open(sys.argv[1]).read(), "client_email": "bench@bench.iam.gserviceaccount.com",
                  "client_id": "1", "token_uri": sys.argv[2]}))
PYEOF
mb() { curl -sf -X POST -H 'Content-Type: application/json' -d "{\"name\": \"$1\"}" "$GCS/storage/v1/b?project=bench" > /dev/null; }
count() { curl -sf "$GCS/storage/v1/b/$1/o?maxResults=10000&fields=items(name)" | $PY -c 'import json,sys; print(len(json.load(sys.stdin).get("items", [])))'; }
export RCLONE_CONFIG=$SAIO_RCLONE_CONFIG   # its "saio" remote: the public proxy as test:tester
export RCLONE_CONFIG_BGCS_TYPE="google cloud storage" RCLONE_CONFIG_BGCS_ENDPOINT=$GCS/storage/v1/ \
  RCLONE_CONFIG_BGCS_ANONYMOUS=true RCLONE_CONFIG_BGCS_BUCKET_POLICY_ONLY=true
log "fake-gcs-server $GCS; rclone $(rclone version | head -1); results in $W"
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$W/machine.txt"

TOKEN=$(curl -s -D - -o /dev/null -H "X-Auth-User: $SWIFT_USER" -H "X-Auth-Key: $SWIFT_KEY" "$SWIFT_AUTH_URL" \
  | awk -F': ' 'tolower($1)=="x-auth-token"{print $2}' | tr -d '\r')
ensure_container() {  # NAME COUNT: objects o000000.. of 4 KiB, once (bench/run.sh's datasets)
  local c=$1 n=$2 have dir
  have=$(curl -s -I -H "X-Auth-Token: $TOKEN" "$SWIFT_STORAGE_URL/$c" | awk -F': ' 'tolower($1)=="x-container-object-count"{print $2+0}' | tr -d '\r')
  if [ "${have:-0}" -ge "$n" ]; then return; fi
  log "creating $c: $n x 4 KiB"
  dir=$W/data-$c; mkdir -p "$dir"
  $PY -c 'import os,sys; d=sys.argv[1]; [open("%s/o%06d" % (d,i),"wb").write(os.urandom(4096)) for i in range(int(sys.argv[2]))]' "$dir" "$n"
  (cd "$dir" && swift upload --object-threads 32 "$c" . > /dev/null); rm -rf "$dir"
  bash "$ROOT/test-container/saio-flush.sh" > /dev/null
}
mapping() {  # CONTAINER BUCKET
  echo "{\"account\": \"AUTH_test\", \"container\": \"$1\", \"aws_bucket\": \"$2\", \"protocol\": \"gcs\", \"aws_endpoint\": \"$GCS\", \"gcs_credentials\": \"$W/sa.json\"}"
}
cs_start3() {  # TAG MAPPINGS_JSON
  local i; DAEMONS=(); MPORTS=()
  for i in 1 2 3; do
    MPORTS[$i]=$(freeport)
    cat > "$W/$1-$i.json" <<JSON
{"containers": [$2],
 "devices": "$SAIO_DIR/srv/$i/node", "swift_dir": "$SAIO_DIR/etc", "status_dir": "$W/$1-status-$i",
 "swift_bind_ip": "127.0.0.$i", "swift_bind_port": $((6200 + i * 10 + 1)),
 "internal_proxy_url": "$SWIFT_INTERNAL_PROXY_URL", "poll_interval": 1, "verification_slack": 600,
 "workers": 32, "log_level": "info", "metrics_bind": "127.0.0.1:${MPORTS[$i]}"}
JSON
    "$CLOUDSYNC" sync --config "$W/$1-$i.json" > "$W/$1-$i.daemon.log" 2>&1 &
    DAEMONS+=($!)
  done
}
cs_stop3() { local p; for p in "${DAEMONS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; for p in "${DAEMONS[@]}"; do wait "$p" || true; done; DAEMONS=(); }
awaitc() { $PY "$ROOT/bench/lib/await_copied.py" "$@"; }

C=bench-$N; ensure_container "$C" "$N"; WARM=300; ensure_container bench-warm $WARM
for r in $(seq "$RUNS"); do
  mb "warm-$r"
  cs_start3 "run$r" "$(mapping bench-warm "warm-$r"), $(mapping "$C" "cs-$r")"
  awaitc $WARM 300 "${MPORTS[@]}" > /dev/null; sleep 2
  base=$(awaitc --count "${MPORTS[@]}")
  mb "cs-$r"; t0=$(now)
  t1=$(awaitc $((base + N)) 900 "${MPORTS[@]}" || now)
  cs_stop3
  got=$(count "cs-$r"); [ "$got" = "$N" ] || log "WARNING: cloudsync run $r: $got of $N objects"
  el "$t0" "$t1" >> "$W/cs.wall"; echo >> "$W/cs.wall"
  mb "rc-$r"
  t0=$(now); rclone copy "saio:$C" "bgcs:rc-$r" --transfers 32 2> "$W/rc-$r.log"; t1=$(now)
  got=$(count "rc-$r"); [ "$got" = "$N" ] || log "WARNING: rclone run $r: $got of $N objects"
  el "$t0" "$t1" >> "$W/rc.wall"; echo >> "$W/rc.wall"
  log "run $r: cloudsync $(tail -1 "$W/cs.wall") s, rclone $(tail -1 "$W/rc.wall") s"
done
cs=$(median < "$W/cs.wall"); rc=$(median < "$W/rc.wall")
{
  echo "| $N x 4 KiB SAIO -> fake-gcs-server, $RUNS alternating runs | median wall (s) | objects/s |"
  echo "|---|---|---|"
  echo "| cloudsync (3 daemons, protocol gcs) | $cs | $(awk -v n="$N" -v w="$cs" 'BEGIN{printf "%.0f", n/w}') |"
  echo "| rclone copy --transfers 32 (gcs backend) | $rc | $(awk -v n="$N" -v w="$rc" 'BEGIN{printf "%.0f", n/w}') |"
  echo "| ratio (rclone time / cloudsync time) | $(awk -v a="$cs" -v b="$rc" 'BEGIN{printf "%.2f", b/a}') | |"
  echo; echo "cloudsync walls: $(tr '\n' ' ' < "$W/cs.wall"); rclone walls: $(tr '\n' ' ' < "$W/rc.wall")"
} | tee "$W/table.md"
