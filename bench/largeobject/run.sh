#!/usr/bin/env bash
# bench/largeobject/run.sh - issue 4's large-object benchmark on this machine's Swift all-in-one.
#
#   bench/largeobject/run.sh [--runs N] [--mib M] [--segment-mib S]
#
# 1. one M MiB SLO (S MiB segments, `swift upload --use-slo`, segments in <container>_segments)
#    synced by `cloudsync sync --once` (one daemon, node 1, verification_slack 0) vs
#    `rclone copy` of the same object (public proxy -> S3), N alternating runs, a fresh bucket
#    each run (the previous one removed) -> MiB/s median (min-max);
# 2. a DLO (X-Object-Manifest over the same segments) synced by `cloudsync sync --once`;
# 3. the SLO archived (retain_local: false, copy_after: 0) and read back through
#    `cloudsync shunt` with a token.
# The daemon and the shunt run with JAVA_OPTS=-Xmx128m (override with JAVA_OPTS=...); their peak
# RSS is reported, every log is searched for OutOfMemoryError, and the md5 of every copy is
# compared with the original's. S3 is a standalone S3Proxy with the filesystem backend under
# $LO_TMP (default /tmp/lobench-<ts>; ~5 GiB at peak, plus 3 x M MiB of Swift replicas).
# Needs the SAIO up (test-container/saio-up.sh), cli/target/cloudsync.jar and the bench helper
# (./mvnw -q -B -o -pl cli,bench -am package -DskipTests), Debian's rclone, python3-swiftclient.
# Removes its Swift containers, buckets and $LO_TMP at the end; logs and the table stay in
# bench/target/largeobject-<timestamp>/.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
SAIO_DIR=${SAIO_DIR:-/tmp/saio}
# shellcheck disable=SC1091
source "$SAIO_DIR/saio.env"
# shellcheck source=../lib/s3proxy.sh
source "$ROOT/bench/lib/s3proxy.sh"

RUNS=3; MIB=1024; SEG_MIB=100
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift ;;
    --mib) MIB=$2; shift ;;
    --segment-mib) SEG_MIB=$2; shift ;;
    *) echo "usage: $0 [--runs N] [--mib M] [--segment-mib S]" >&2; exit 2 ;;
  esac
  shift
done

TS=$(date +%Y%m%d-%H%M%S)
W=$ROOT/bench/target/largeobject-$TS
LO_TMP=${LO_TMP:-/tmp/lobench-$TS}
mkdir -p "$W" "$LO_TMP"
JAR=$ROOT/cli/target/cloudsync.jar
CLOUDSYNC=$ROOT/bin/cloudsync
# bin/cloudsync passes JAVA_OPTS to the JVM; the heap under test is issue 4's 128 MiB.
export JAVA_OPTS=${JAVA_OPTS:--Xmx128m}
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$W/bench.log" >&2; }
now() { date +%s.%N; }
el() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b-a}'; }
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
stats() {  # numbers on stdin -> "median (min-max)"
  python3 -c 'import sys,statistics as s; v=[float(x) for x in sys.stdin.read().split()]; print("%.*f (%.*f-%.*f)" % (int(sys.argv[1]), s.median(v), int(sys.argv[1]), min(v), int(sys.argv[1]), max(v)))' "${1:-1}"
}
key_prefix() { python3 -c 'import hashlib,sys; print("%x" % (int(hashlib.md5(sys.argv[1].encode()).hexdigest(),16) % 16**6))' "$1"; }

[ -f "$JAR" ] || { echo "build first: (cd $ROOT && ./mvnw -q -B -o -pl cli,bench -am package -DskipTests)" >&2; exit 1; }
[ -f "$ROOT/bench/target/classes/io/cloudsync/bench/BenchS3.class" ] || (cd "$ROOT" && ./mvnw -q -B -o -pl bench package)
command -v rclone >/dev/null || apt-get install -y rclone >/dev/null
command -v swift >/dev/null || apt-get install -y python3-swiftclient >/dev/null
unset AWS_CA_BUNDLE  # rclone's S3 backend fails with LoadCustomCABundleError otherwise
need=$(( (MIB * 5 + 512) * 1024 ))  # KiB under LO_TMP at peak (source file gone by then: S3 copies + MPU parts)
avail=$(df -Pk "$LO_TMP" | awk 'NR==2{print $4}')
[ "$avail" -gt "$need" ] || { echo "need ~$((need >> 20)) GiB free under $LO_TMP, have $((avail >> 20)) GiB" >&2; exit 1; }

# ------------------------------------------------------------------ S3Proxy, cleanup
S3DIR=$LO_TMP/s3
s3proxy_start "$W" 1g "$S3DIR"
ID=$TS-$$
SLO=lobench-slo-$ID; DLO=lobench-dlo-$ID
PIDS=("$S3PROXY_PID")
s3() { java -Xmx128m -XX:TieredStopAtLevel=1 -cp "$JAR:$ROOT/bench/target/classes" io.cloudsync.bench.BenchS3 "$@"; }
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for c in "$SLO" "$DLO" "${SLO}_segments"; do swift delete "$c" > /dev/null 2>&1 || true; done
  rm -rf "$LO_TMP"
}
trap cleanup EXIT
trap "exit 130" INT TERM
export RCLONE_CONFIG=$SAIO_RCLONE_CONFIG
export RCLONE_CONFIG_BS3_TYPE=s3 RCLONE_CONFIG_BS3_PROVIDER=Other RCLONE_CONFIG_BS3_ENDPOINT=$S3_ENDPOINT \
  RCLONE_CONFIG_BS3_ACCESS_KEY_ID=$S3_ID RCLONE_CONFIG_BS3_SECRET_ACCESS_KEY=$S3_SECRET \
  RCLONE_CONFIG_BS3_FORCE_PATH_STYLE=true RCLONE_CONFIG_BS3_REGION=us-east-1
TOKEN=$(curl -s -D - -o /dev/null -H "X-Auth-User: $SWIFT_USER" -H "X-Auth-Key: $SWIFT_KEY" "$SWIFT_AUTH_URL" \
  | awk -F': ' 'tolower($1)=="x-auth-token"{print $2}' | tr -d '\r')
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(lscpu | sed -n "s/^Model name: *//p" | head -1), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg); JAVA_OPTS=$JAVA_OPTS; $(rclone version | head -1)" > "$W/machine.txt"
log "S3Proxy $S3_ENDPOINT (filesystem $S3DIR); results in $W"

# ------------------------------------------------------------------ data: one SLO, one DLO over its segments
log "uploading a $MIB MiB SLO ($SEG_MIB MiB segments) to $SLO"
head -c $((MIB << 20)) /dev/urandom > "$LO_TMP/big"
MD5=$(md5sum < "$LO_TMP/big" | cut -d' ' -f1)
swift upload --use-slo --segment-size $((SEG_MIB << 20)) --object-name big "$SLO" "$LO_TMP/big" > "$W/upload.log"
rm -f "$LO_TMP/big"
seg_prefix=$(swift list "${SLO}_segments" | head -1); seg_prefix=${seg_prefix%/*}/
curl -s -f -o /dev/null -X PUT -H "X-Auth-Token: $TOKEN" "$SWIFT_STORAGE_URL/$DLO"
curl -s -f -o /dev/null -X PUT -H "X-Auth-Token: $TOKEN" -H "X-Object-Manifest: ${SLO}_segments/$seg_prefix" \
  --data-binary '' "$SWIFT_STORAGE_URL/$DLO/big"
for c in "$SLO" "$DLO"; do
  got=$(curl -s -H "X-Auth-Token: $TOKEN" "$SWIFT_STORAGE_URL/$c/big" | md5sum | cut -d' ' -f1)
  [ "$got" = "$MD5" ] || { log "Swift's own GET of $c/big has md5 $got, not $MD5"; exit 1; }
done
log "original md5 $MD5; SLO $SLO/big, DLO $DLO/big -> ${SLO}_segments/$seg_prefix"

# ------------------------------------------------------------------ helpers
cs_config() {  # FILE STATUS_DIR MAPPING_JSON
  cat > "$1" <<EOF
{"containers": [$3],
 "devices": "$SAIO_DIR/srv/1/node", "swift_dir": "$SAIO_DIR/etc", "status_dir": "$2",
 "swift_bind_ip": "127.0.0.1", "swift_bind_port": 6211, "verification_slack": 0,
 "internal_proxy_url": "$SWIFT_INTERNAL_PROXY_URL", "metrics_bind": "", "log_level": "debug"}
EOF
}
mapping() {  # CONTAINER BUCKET [extra json]
  echo "{\"account\": \"AUTH_test\", \"container\": \"$1\", \"aws_bucket\": \"$2\", \"aws_endpoint\": \"$S3_ENDPOINT\", \"aws_identity\": \"$S3_ID\", \"aws_secret\": \"$S3_SECRET\"${3:+, $3}}"
}
cs_once() {  # TAG CONTAINER BUCKET [extra json] -> prints "wall pass_s cpu_s max_rss_mib exit"
  local tag=$1 pass
  cs_config "$W/$tag.json" "$W/$tag-status" "$(mapping "$2" "$3" "${4:-}")"
  /usr/bin/time -f "%e %U %S %M %x" -o "$W/$tag.time" "$CLOUDSYNC" sync --config "$W/$tag.json" --once > "$W/$tag.log" 2>&1 || true
  pass=$(sed -n 's/.*pass done: .* rows handled in \([0-9]*\) ms.*/\1/p' "$W/$tag.log" | head -1)
  # (time -o writes "Command exited with non-zero status N" first when N != 0: the numbers are the last line)
  tail -1 "$W/$tag.time" | awk -v p="${pass:-0}" '{printf "%s %.3f %.2f %.0f %s\n", $1, p/1000, $2+$3, $4/1024, $5}'
}
check_md5() {  # LABEL FILE: the stored object's md5 against the original's
  local got
  got=$( [ -f "$2" ] && md5sum < "$2" | cut -d' ' -f1 || echo missing)
  if [ "$got" = "$MD5" ]; then echo ok; else log "MISMATCH $1: $2 has md5 $got, not $MD5"; echo "MISMATCH"; fi
}
CS_KEY() { echo "$(key_prefix "AUTH_test/$1")/AUTH_test/$1/big"; }
mibps() { awk -v m="$MIB" '{printf "%.1f\n", m/$1}'; }

# ------------------------------------------------------------------ 1. SLO: cloudsync vs rclone, alternating
: > "$W/slo-cs.wall"; : > "$W/slo-cs.pass"; : > "$W/slo-rc.wall"; MD5_OK=0; MD5_ALL=0
for r in $(seq "$RUNS"); do
  b=cs-slo-$r; s3 mb "$b"
  read -r wall pass cpu rss rc < <(cs_once "slo$r" "$SLO" "$b")
  m=$(check_md5 "cloudsync SLO run $r" "$S3DIR/$b/$(CS_KEY "$SLO")"); MD5_ALL=$((MD5_ALL + 1)); [ "$m" = ok ] && MD5_OK=$((MD5_OK + 1))
  echo "$wall" >> "$W/slo-cs.wall"; echo "$pass" >> "$W/slo-cs.pass"; echo "$cpu" >> "$W/slo-cs.cpu"; echo "$rss" >> "$W/slo-cs.rss"
  log "SLO run $r cloudsync: $wall s (pass $pass s, cpu $cpu s, max RSS $rss MiB, exit $rc), md5 $m"
  s3 rb "$b"
  b=rc-slo-$r; s3 mb "$b"
  /usr/bin/time -f "%e %U %S %M %x" -o "$W/rc$r.time" rclone copy "saio:$SLO/big" "bs3:$b" 2> "$W/rc$r.log" || true
  read -r wall ucpu scpu rss rc < <(tail -1 "$W/rc$r.time")
  m=$(check_md5 "rclone SLO run $r" "$S3DIR/$b/big"); MD5_ALL=$((MD5_ALL + 1)); [ "$m" = ok ] && MD5_OK=$((MD5_OK + 1))
  echo "$wall" >> "$W/slo-rc.wall"; awk -v u="$ucpu" -v s="$scpu" 'BEGIN{print u+s}' >> "$W/slo-rc.cpu"; echo $((rss / 1024)) >> "$W/slo-rc.rss"
  log "SLO run $r rclone: $wall s (cpu $ucpu+$scpu s, max RSS $((rss / 1024)) MiB, exit $rc), md5 $m"
  s3 rb "$b"
done

# ------------------------------------------------------------------ 2. DLO
b=cs-dlo; s3 mb "$b"
read -r dwall dpass dcpu drss drc < <(cs_once dlo "$DLO" "$b")
m=$(check_md5 "cloudsync DLO" "$S3DIR/$b/$(CS_KEY "$DLO")"); MD5_ALL=$((MD5_ALL + 1)); [ "$m" = ok ] && MD5_OK=$((MD5_OK + 1))
log "DLO cloudsync: $dwall s (pass $dpass s, cpu $dcpu s, max RSS $drss MiB, exit $drc), md5 $m"
s3 rb "$b"

# ------------------------------------------------------------------ 3. archive the SLO, GET it through the shunt
b=cs-archive; s3 mb "$b"
ARCH_MAP=$(mapping "$SLO" "$b" '"retain_local": false, "copy_after": 0, "propagate_delete": false')
read -r awall apass acpu arss arc < <(cs_once archive "$SLO" "$b" '"retain_local": false, "copy_after": 0, "propagate_delete": false')
log "archive cloudsync: $awall s (pass $apass s, max RSS $arss MiB, exit $arc)"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $TOKEN" "$SWIFT_STORAGE_URL/$SLO/big")
[ "$code" = 404 ] || log "WARNING: the SLO was not archived (local GET $code); see $W/archive.log"
cs_config "$W/shunt.json" "$W/shunt-status" "$ARCH_MAP"
SHUNT_PORT=$(freeport)
"$CLOUDSYNC" shunt --config "$W/shunt.json" --listen "127.0.0.1:$SHUNT_PORT" --swift-proxy "$SWIFT_PROXY_URL" \
  --log-level info > "$W/shunt.log" 2>&1 &
SHUNT_PID=$!; PIDS+=("$SHUNT_PID")
for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$SHUNT_PORT/info" && break; sleep 0.2; done
# (a shunt that died reads as RSS 0 and fails the md5 check; the table still prints)
idle=$(awk '/VmRSS/{printf "%.0f", $2/1024}' "/proc/$SHUNT_PID/status" 2>/dev/null || echo 0)
t0=$(now)
got=$(curl -s -D "$W/shunt-get.headers" -H "X-Auth-Token: $TOKEN" "http://127.0.0.1:$SHUNT_PORT/v1/AUTH_test/$SLO/big" | md5sum | cut -d' ' -f1 || true)
t1=$(now)
swall=$(el "$t0" "$t1")
shunt_rss=$(awk '/VmHWM/{printf "%.0f", $2/1024}' "/proc/$SHUNT_PID/status" 2>/dev/null || echo 0)
kill "$SHUNT_PID" 2>/dev/null || log "WARNING: the shunt had already exited; see $W/shunt.log"
wait "$SHUNT_PID" 2>/dev/null || true
status=$(head -1 "$W/shunt-get.headers" 2>/dev/null | tr -d '\r' || true)
slo_hdr=$(awk -F': ' 'tolower($1)=="x-static-large-object"{print $2}' "$W/shunt-get.headers" 2>/dev/null | tr -d '\r' || true)
MD5_ALL=$((MD5_ALL + 1))
if [ "$got" = "$MD5" ]; then MD5_OK=$((MD5_OK + 1)); sm=ok; else sm=MISMATCH; log "MISMATCH shunt GET: md5 $got, not $MD5"; fi
log "shunt GET: $status, X-Static-Large-Object: ${slo_hdr:-absent}, $swall s, md5 $sm; RSS idle $idle MiB, peak $shunt_rss MiB"

# ------------------------------------------------------------------ OOM check, table
oom=$(grep -l 'OutOfMemoryError' "$W"/*.log 2>/dev/null | xargs -r -n1 basename | tr '\n' ' ' || true)
{
  echo "cloudsync large-object bench, $(cat "$W/machine.txt"); $RUNS alternating runs; median (min-max)"
  echo
  echo "| measurement | cloudsync | rclone / reference |"
  echo "|---|---|---|"
  echo "| SLO $MIB MiB ($SEG_MIB MiB segments) -> S3Proxy (filesystem), MiB/s, process wall | $(mibps < "$W/slo-cs.wall" | stats 1) (sync --once, 1 daemon) | $(mibps < "$W/slo-rc.wall" | stats 1) (rclone copy, defaults) |"
  echo "| same, s, process wall | $(stats 1 < "$W/slo-cs.wall") | $(stats 1 < "$W/slo-rc.wall") |"
  echo "| same, MiB/s over the daemon's pass (JVM start excluded) | $(mibps < "$W/slo-cs.pass" | stats 1) | |"
  echo "| CPU s (user+sys) | $(stats 1 < "$W/slo-cs.cpu") | $(stats 1 < "$W/slo-rc.cpu") |"
  echo "| peak RSS MiB, SLO sync | $(sort -n "$W/slo-cs.rss" | tail -1) (JAVA_OPTS=$JAVA_OPTS) | $(sort -n "$W/slo-rc.rss" | tail -1) |"
  echo "| DLO $MIB MiB (X-Object-Manifest over the same segments): s, MiB/s, peak RSS MiB | $dwall s, $(echo "$dwall" | mibps) MiB/s, $drss MiB | |"
  echo "| archive of the SLO (retain_local false), s; peak RSS MiB | $awall s; $arss MiB | |"
  echo "| shunt GET of the archived SLO: s, MiB/s; peak RSS MiB (idle $idle) | $swall s, $(echo "$swall" | mibps) MiB/s; $shunt_rss MiB | $status, X-Static-Large-Object: ${slo_hdr:-absent} |"
  echo "| md5 equal to the original | $MD5_OK of $MD5_ALL copies | |"
  echo "| OutOfMemoryError in the logs | ${oom:-none} | |"
} | tee "$W/table.md"
