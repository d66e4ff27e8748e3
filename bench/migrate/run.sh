#!/usr/bin/env bash
# bench/migrate/run.sh - N x 4 KiB from S3Proxy into the SAIO: cloudsync migrate --once vs
# rclone copy --transfers 32 (S3 -> Swift) vs the SAIO's PUT ceiling (swift upload
# --object-threads 32 of the same files), alternating in the same run.
#
#   bench/migrate/run.sh [--runs 5] [--objects 2000]
#
# UNTESTED: written without a run (the box is shared; the lead measures). Issue 16's targets:
# cloudsync >= 0.8 of the PUT ceiling's objects/s and ahead of rclone.
# Needs: the SAIO up, cli/target/cloudsync.jar, rclone, swift (python-swiftclient), python3.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
SAIO_DIR=${SAIO_DIR:-/tmp/saio}
# shellcheck disable=SC1091
source "$SAIO_DIR/saio.env"
# shellcheck disable=SC1091
source "$ROOT/bench/lib/s3proxy.sh"
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
W=$ROOT/bench/target/migrate-$(date +%Y%m%d-%H%M%S); mkdir -p "$W"
[ -f "$JAR" ] || { echo "build first: ./mvnw -q -B -DskipTests package" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$W/bench.log" >&2; }
now() { date +%s.%N; }
el() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b-a}'; }
median() { $PY -c 'import sys,statistics as s; print("%.1f" % s.median([float(x) for x in sys.stdin.read().split()]))'; }

s3proxy_start "$W" 1g "$W/s3data"
trap 'kill "$S3PROXY_PID" 2>/dev/null || true' EXIT
trap "exit 130" INT TERM
export RCLONE_CONFIG=$SAIO_RCLONE_CONFIG   # its "saio" remote: the public proxy as test:tester
export RCLONE_CONFIG_BS3_TYPE=s3 RCLONE_CONFIG_BS3_PROVIDER=Other RCLONE_CONFIG_BS3_ENDPOINT=$S3_ENDPOINT \
  RCLONE_CONFIG_BS3_ACCESS_KEY_ID=$S3_ID RCLONE_CONFIG_BS3_SECRET_ACCESS_KEY=$S3_SECRET \
  RCLONE_CONFIG_BS3_FORCE_PATH_STYLE=true RCLONE_CONFIG_BS3_REGION=us-east-1
log "S3Proxy $S3_ENDPOINT; rclone $(rclone version | head -1); results in $W"
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$W/machine.txt"

DATA=$W/data; mkdir -p "$DATA"
$PY -c 'import os,sys; d=sys.argv[1]; [open("%s/o%06d" % (d,i),"wb").write(os.urandom(4096)) for i in range(int(sys.argv[2]))]' "$DATA" "$N"
rclone mkdir bs3:mig-src
rclone copy "$DATA" bs3:mig-src --transfers 32
got=$(rclone lsf bs3:mig-src | wc -l); [ "$got" = "$N" ] || { log "source has $got of $N objects"; exit 1; }

config() {  # CONTAINER: one migration into AUTH_test/CONTAINER, as SAIO node 1 (owns or not: slack 0)
  cat > "$W/$1.json" <<JSON
{"devices": "$SAIO_DIR/srv/1/node", "swift_dir": "$SAIO_DIR/etc", "status_dir": "$W/status-$1",
 "swift_bind_ip": "127.0.0.1", "swift_bind_port": 6211, "verification_slack": 0,
 "internal_proxy_url": "$SWIFT_INTERNAL_PROXY_URL", "log_level": "warning",
 "migrations": [{"account": "AUTH_test", "aws_bucket": "mig-src", "container": "$1",
   "aws_endpoint": "$S3_ENDPOINT", "aws_identity": "$S3_ID", "aws_secret": "$S3_SECRET", "workers": 32}],
 "migrator_settings": {"status_file": "$W/status-$1.json", "items_chunk": 1000, "workers": 64}}
JSON
  echo "$W/$1.json"
}
count() { swift stat "$1" 2>/dev/null | awk -F': *' '/Objects:/{print $2+0}'; }

for r in $(seq "$RUNS"); do
  c=mig-bench-cs-$r-$$
  conf=$(config "$c")
  t0=$(now); "$CLOUDSYNC" migrate --config "$conf" --once > "$W/cs-$r.log" 2>&1 || log "cloudsync run $r exited $?"; t1=$(now)
  got=$(count "$c"); [ "$got" = "$N" ] || log "WARNING: cloudsync run $r: $got of $N objects"
  el "$t0" "$t1" >> "$W/cs.wall"; echo >> "$W/cs.wall"
  c=mig-bench-rc-$r-$$
  t0=$(now); rclone copy bs3:mig-src "saio:$c" --transfers 32 2> "$W/rc-$r.log"; t1=$(now)
  got=$(count "$c"); [ "$got" = "$N" ] || log "WARNING: rclone run $r: $got of $N objects"
  el "$t0" "$t1" >> "$W/rc.wall"; echo >> "$W/rc.wall"
  c=mig-bench-sw-$r-$$
  t0=$(now); (cd "$DATA" && swift upload --object-threads 32 "$c" . > /dev/null); t1=$(now)
  got=$(count "$c"); [ "$got" = "$N" ] || log "WARNING: swift upload run $r: $got of $N objects"
  el "$t0" "$t1" >> "$W/sw.wall"; echo >> "$W/sw.wall"
  log "run $r: cloudsync $(tail -1 "$W/cs.wall") s, rclone $(tail -1 "$W/rc.wall") s, swift upload $(tail -1 "$W/sw.wall") s"
done
cs=$(median < "$W/cs.wall"); rc=$(median < "$W/rc.wall"); sw=$(median < "$W/sw.wall")
ops() { awk -v n="$N" -v w="$1" 'BEGIN{printf "%.0f", n/w}'; }
{
  echo "| $N x 4 KiB S3Proxy -> SAIO, $RUNS alternating runs | median wall (s) | objects/s |"
  echo "|---|---|---|"
  echo "| cloudsync migrate --once (workers 32; includes JVM start) | $cs | $(ops "$cs") |"
  echo "| rclone copy --transfers 32 (S3 -> Swift) | $rc | $(ops "$rc") |"
  echo "| swift upload --object-threads 32 (PUT ceiling, local files) | $sw | $(ops "$sw") |"
  echo "| cloudsync / ceiling (objects/s) | $(awk -v a="$cs" -v b="$sw" 'BEGIN{printf "%.2f", b/a}') | target >= 0.8 |"
  echo; echo "walls: cloudsync $(tr '\n' ' ' < "$W/cs.wall"); rclone $(tr '\n' ' ' < "$W/rc.wall"); swift $(tr '\n' ' ' < "$W/sw.wall")"
} | tee "$W/table.md"
