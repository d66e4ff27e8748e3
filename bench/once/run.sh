#!/usr/bin/env bash
# bench/once/run.sh - issue 19 item 2: one-shot runs, JVM start included. N x 4 KiB from the SAIO
# into a fresh S3Proxy bucket per run, alternating:
#   - cloudsync --once, 3 processes (one per SAIO node, started together), bin/cloudsync's
#     default JVM options and the class-data-sharing archive it records on a first --once run;
#   - the same with CLOUDSYNC_CDS=off (no archive: what every run cost before);
#   - rclone copy --transfers 32 (public proxy -> S3Proxy).
# Default sync.json settings otherwise (workers, verification_slack: rows are older than the
# slack, so each process also verifies the other nodes' rows, as a first cron run does).
#
#   bench/once/run.sh [--runs 5] [--objects 2000]
#
# Needs the SAIO up, cli/target/cloudsync.jar and bench/target/classes (./mvnw -q -B -DskipTests
# package), rclone. Prints median wall, objects/s and CPU per object of each contender.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
SAIO_DIR=${SAIO_DIR:-/tmp/saio}
# shellcheck disable=SC1091
source "$SAIO_DIR/saio.env"
# shellcheck source=../lib/s3proxy.sh
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
[ -f "$JAR" ] && [ -d "$ROOT/bench/target/classes" ] || { echo "build first: ./mvnw -q -B -DskipTests package" >&2; exit 1; }
W=$ROOT/bench/target/once-$(date +%Y%m%d-%H%M%S); mkdir -p "$W"
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$W/bench.log" >&2; }
now() { date +%s.%N; }
el() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b-a}'; }
median() { $PY -c 'import sys,statistics as s; print("%.2f" % s.median([float(x) for x in sys.stdin.read().split()]))'; }
unset AWS_CA_BUNDLE
s3proxy_start "$W" 2g
trap 'kill "$S3PROXY_PID" 2>/dev/null || true' EXIT
s3() { java -Xmx128m -XX:TieredStopAtLevel=1 -cp "$JAR:$ROOT/bench/target/classes" io.cloudsync.bench.BenchS3 "$@"; }
export RCLONE_CONFIG=$SAIO_RCLONE_CONFIG
export RCLONE_CONFIG_BS3_TYPE=s3 RCLONE_CONFIG_BS3_PROVIDER=Other RCLONE_CONFIG_BS3_ENDPOINT=$S3_ENDPOINT \
  RCLONE_CONFIG_BS3_ACCESS_KEY_ID=$S3_ID RCLONE_CONFIG_BS3_SECRET_ACCESS_KEY=$S3_SECRET \
  RCLONE_CONFIG_BS3_FORCE_PATH_STYLE=true RCLONE_CONFIG_BS3_REGION=us-east-1
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$W/machine.txt"
C=bench-$N
have=$(swift stat "$C" 2>/dev/null | awk '/Objects:/{print $2}')
if [ "${have:-0}" -lt "$N" ]; then
  log "creating $C: $N x 4 KiB"
  mkdir -p "$W/data"
  $PY -c 'import os,sys; d=sys.argv[1]; [open("%s/o%06d" % (d,i),"wb").write(os.urandom(4096)) for i in range(int(sys.argv[2]))]' "$W/data" "$N"
  (cd "$W/data" && swift upload --object-threads 32 "$C" . > /dev/null); rm -rf "$W/data"
fi
once3() {  # TAG BUCKET CDS(on|off) -> "wall cpu"
  local tag=$1 i t0 t1
  for i in 1 2 3; do
    cat > "$W/$tag-$i.json" <<JSON
{"containers": [{"account": "AUTH_test", "container": "$C", "aws_bucket": "$2", "aws_endpoint": "$S3_ENDPOINT", "aws_identity": "$S3_ID", "aws_secret": "$S3_SECRET"}],
 "devices": "$SAIO_DIR/srv/$i/node", "swift_dir": "$SAIO_DIR/etc", "status_dir": "$W/$tag-status-$i",
 "swift_bind_ip": "127.0.0.$i", "swift_bind_port": $((6200 + i * 10 + 1)),
 "internal_proxy_url": "$SWIFT_INTERNAL_PROXY_URL", "metrics_bind": "127.0.0.1:0"}
JSON
  done
  t0=$(now)
  for i in 1 2 3; do
    CLOUDSYNC_CDS=$3 /usr/bin/time -f "%e %U %S" -o "$W/$tag-$i.time" "$CLOUDSYNC" sync --config "$W/$tag-$i.json" --once > "$W/$tag-$i.log" 2>&1 &
  done
  wait
  t1=$(now)
  cat "$W/$tag-"{1,2,3}.time | awk -v w="$(el "$t0" "$t1")" '{c+=$2+$3} END{printf "%s %.2f\n", w, c}'
}
# record the archive once (a first --once run), outside the measurements
s3 mb warm-cds; once3 warm warm-cds on > /dev/null
for r in $(seq "$RUNS"); do
  for k in 0 1 2; do
    case $(( (k + r) % 3 )) in
      0) s3 mb "cds-$r"; once3 "cds$r" "cds-$r" on >> "$W/cds"; got=$(s3 count "cds-$r") ;;
      1) s3 mb "nocds-$r"; once3 "nocds$r" "nocds-$r" off >> "$W/nocds"; got=$(s3 count "nocds-$r") ;;
      2) s3 mb "rc-$r"; t0=$(now)
         /usr/bin/time -f "%U %S" -o "$W/rc-$r.time" rclone copy "saio:$C" "bs3:rc-$r" --transfers 32 2> "$W/rc-$r.log"
         echo "$(el "$t0" "$(now)") $(awk '{print $1+$2}' "$W/rc-$r.time")" >> "$W/rc"; got=$(s3 count "rc-$r") ;;
    esac
    [ "$got" = "$N" ] || log "WARNING: run $r contender $k: $got of $N objects"
  done
  log "run $r: cds $(tail -1 "$W/cds"), no cds $(tail -1 "$W/nocds"), rclone $(tail -1 "$W/rc") (wall s, CPU s)"
done
row() { local w c; w=$(cut -d' ' -f1 "$W/$2" | median); c=$(cut -d' ' -f2 "$W/$2" | median)
  printf '| %s | %s | %.0f | %.2f |\n' "$1" "$w" "$(awk -v n="$N" -v w="$w" 'BEGIN{print n/w}')" "$(awk -v n="$N" -v c="$c" 'BEGIN{print c*1000/n}')"; }
{
  echo "| $N x 4 KiB SAIO -> S3Proxy, one-shot, $RUNS alternating runs | median wall s | objects/s | CPU ms/object |"
  echo "|---|---|---|---|"
  row "cloudsync sync --once x3, CDS archive" cds
  row "cloudsync sync --once x3, CLOUDSYNC_CDS=off" nocds
  row "rclone copy --transfers 32" rc
  echo; echo "ratio rclone/cloudsync (CDS): $(awk -v a="$(cut -d' ' -f1 "$W/cds" | median)" -v b="$(cut -d' ' -f1 "$W/rc" | median)" 'BEGIN{printf "%.2f", b/a}')"
} | tee "$W/table.md"
