#!/usr/bin/env bash
# bench/run.sh - cloudsync vs rclone on this machine's Swift all-in-one (see bench/README.md).
#
#   bench/run.sh [--quick] [--runs N] [--only init,incr,crawl,quiet] [--direct-object-reads]
#
# Needs: the SAIO up (test-container/saio-up.sh), cli/target/cloudsync.jar
# (./mvnw -DskipTests package), Debian's rclone (installed if missing), python3-swift.
# Datasets (Swift containers bench-<N>, the crawl DB, the quiet account) are created once and
# reused by later runs. Everything else (S3Proxy, buckets, status dirs, logs) lives under
# bench/target/run-<timestamp>/. Prints a table at the end (also written to table.md there).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
SAIO_DIR=${SAIO_DIR:-/tmp/saio}
# shellcheck disable=SC1091
source "$SAIO_DIR/saio.env"
# shellcheck source=lib/s3proxy.sh
source "$ROOT/bench/lib/s3proxy.sh"

RUNS=5; N=2000; BIG=20000; CRAWL=1000000; QUIET=1000; WINDOW=20; ONLY=init,incr,crawl,quiet; QUICK=0
DIRECT=false  # --direct-object-reads: the daemons GET objects from the object servers (direct_object_reads)
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1; RUNS=3; N=500; BIG=2000; CRAWL=200000; QUIET=200; WINDOW=10 ;;
    --runs) RUNS=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --direct-object-reads) DIRECT=true ;;
    *) echo "usage: $0 [--quick] [--runs N] [--only init,incr,crawl,quiet] [--direct-object-reads]" >&2; exit 2 ;;
  esac
  shift
done
want() { [[ ",$ONLY," == *",$1,"* ]]; }

W=$ROOT/bench/target/run-$(date +%Y%m%d-%H%M%S)
mkdir -p "$W"
JAR=$ROOT/cli/target/cloudsync.jar
# The daemons' JVM: bin/cloudsync's defaults (serial GC, 256 MiB heap, C1 only) unless JAVA_OPTS
# is set, which replaces them.
JVM_DESC=${JAVA_OPTS-bin/cloudsync defaults: $(sed -n 's/^default_opts="\(.*\)"$/\1/p' "$ROOT/bin/cloudsync")}
CLOUDSYNC=$ROOT/bin/cloudsync
PY=/usr/bin/python3
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$W/bench.log" >&2; }
now() { date +%s.%N; }
el() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b-a}'; }
freeport() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
stats() {  # numbers on stdin -> "median (min-max)"
  $PY -c 'import sys,statistics as s; v=[float(x) for x in sys.stdin.read().split()]; print("%.*f (%.*f-%.*f)" % (int(sys.argv[1]), s.median(v), int(sys.argv[1]), min(v), int(sys.argv[1]), max(v)))' "${1:-1}"
}
median() { $PY -c 'import sys,statistics as s; print("%.4f" % s.median([float(x) for x in sys.stdin.read().split()]))'; }

# ------------------------------------------------------------------ prerequisites
[ -f "$JAR" ] || { echo "build first: (cd $ROOT && ./mvnw -q -B -DskipTests package)" >&2; exit 1; }
[ -f "$ROOT/bench/target/classes/io/cloudsync/bench/BenchS3.class" ] || (cd "$ROOT" && ./mvnw -q -B -o -pl bench package)
command -v rclone >/dev/null || apt-get install -y rclone >/dev/null
unset AWS_CA_BUNDLE  # rclone's S3 backend fails with LoadCustomCABundleError otherwise

# ------------------------------------------------------------------ standalone S3Proxy
s3proxy_start "$W" 4g
DAEMONS=()
cleanup() {
  for p in "${DAEMONS[@]:-}"; do [ -n "$p" ] && kill -CONT "$p" 2>/dev/null && kill "$p" 2>/dev/null; done
  kill "$S3PROXY_PID" 2>/dev/null || true
}
trap cleanup EXIT
trap "exit 130" INT TERM
s3() { java -Xmx128m -XX:TieredStopAtLevel=1 -cp "$JAR:$ROOT/bench/target/classes" io.cloudsync.bench.BenchS3 "$@"; }
export RCLONE_CONFIG=$SAIO_RCLONE_CONFIG
export RCLONE_CONFIG_BS3_TYPE=s3 RCLONE_CONFIG_BS3_PROVIDER=Other RCLONE_CONFIG_BS3_ENDPOINT=$S3_ENDPOINT \
  RCLONE_CONFIG_BS3_ACCESS_KEY_ID=$S3_ID RCLONE_CONFIG_BS3_SECRET_ACCESS_KEY=$S3_SECRET \
  RCLONE_CONFIG_BS3_FORCE_PATH_STYLE=true RCLONE_CONFIG_BS3_REGION=us-east-1
TOKEN=$(curl -s -D - -o /dev/null -H "X-Auth-User: $SWIFT_USER" -H "X-Auth-Key: $SWIFT_KEY" "$SWIFT_AUTH_URL" \
  | awk -F': ' 'tolower($1)=="x-auth-token"{print $2}' | tr -d '\r')
log "S3Proxy $S3_ENDPOINT (transient); rclone $(rclone version | head -1); results in $W"
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(lscpu | sed -n "s/^Model name: *//p" | head -1), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg); JVM: $JVM_DESC" > "$W/machine.txt"

key_prefix() { $PY -c 'import hashlib,sys; print("%x" % (int(hashlib.md5(sys.argv[1].encode()).hexdigest(),16) % 16**6))' "$1"; }

# ------------------------------------------------------------------ datasets
ensure_container() {  # NAME COUNT: objects o000000.. of 4 KiB through the public proxy, once
  local c=$1 n=$2 have dir
  have=$(curl -s -I -H "X-Auth-Token: $TOKEN" "$SWIFT_STORAGE_URL/$c" | awk -F': ' 'tolower($1)=="x-container-object-count"{print $2+0}' | tr -d '\r')
  have=${have:-0}
  if [ "$have" -ge "$n" ]; then return; fi
  log "creating $c: $n x 4 KiB (has $have) - once; reused by later runs"
  dir=$W/data-$c; mkdir -p "$dir"
  $PY -c 'import os,sys; d=sys.argv[1]; [open("%s/o%06d" % (d,i),"wb").write(os.urandom(4096)) for i in range(int(sys.argv[2]))]' "$dir" "$n"
  (cd "$dir" && swift upload --object-threads 32 "$c" . > /dev/null)
  rm -rf "$dir"
  for i in 1 2 3; do swift-object-updater "$SAIO_DIR/etc/object-server/$i.conf" once > /dev/null 2>&1 || true; done
  bash "$ROOT/test-container/saio-flush.sh" > /dev/null
}

# ------------------------------------------------------------------ cloudsync helpers
cs_config() {  # NODE FILE STATUS_DIR MAPPING_JSON SLACK [METRICS_PORT]
  cat > "$2" <<EOF
{"containers": [$4],
 "devices": "$SAIO_DIR/srv/$1/node", "swift_dir": "$SAIO_DIR/etc", "status_dir": "$3",
 "swift_bind_ip": "127.0.0.$1", "swift_bind_port": $((6200 + $1 * 10 + 1)),
 "internal_proxy_url": "$SWIFT_INTERNAL_PROXY_URL", "poll_interval": 1, "verification_slack": $5,
 "workers": 32, "log_level": "info", "metrics_bind": "127.0.0.1:${6:-0}", "direct_object_reads": $DIRECT}
EOF
}
mapping() {  # ACCOUNT CONTAINER BUCKET [extra json]
  echo "{\"account\": \"$1\", \"container\": \"$2\", \"aws_bucket\": \"$3\", \"aws_endpoint\": \"$S3_ENDPOINT\", \"aws_identity\": \"$S3_ID\", \"aws_secret\": \"$S3_SECRET\"${4:+, $4}}"
}
cs_once3() {  # TAG CONTAINER BUCKET SLACK -> prints "wall cpu_s max_rss_mib"
  local tag=$1 i t0 t1
  for i in 1 2 3; do cs_config $i "$W/$tag-$i.json" "$W/$tag-status-$i" "$(mapping AUTH_test "$2" "$3")" "$4"; done
  t0=$(now)
  for i in 1 2 3; do
    /usr/bin/time -f "%e %U %S %M" -o "$W/$tag-$i.time" "$CLOUDSYNC" sync --config "$W/$tag-$i.json" --once > "$W/$tag-$i.log" 2>&1 &
  done
  wait
  t1=$(now)
  cat "$W/$tag-"{1,2,3}.time | awk -v w="$(el "$t0" "$t1")" '{c+=$2+$3; if($4>m)m=$4} END{printf "%s %.2f %.0f\n", w, c, m/1024}'
}
cs_start3() {  # TAG CONTAINER_OR_ACCOUNT_MAPPING_JSON SLACK: continuous daemons, pids in DAEMONS, ports in MPORTS
  local tag=$1 i
  DAEMONS=(); MPORTS=()
  for i in 1 2 3; do
    MPORTS[$i]=$(freeport)
    cs_config $i "$W/$tag-$i.json" "$W/$tag-status-$i" "$2" "$3" "${MPORTS[$i]}"
    "$CLOUDSYNC" sync --config "$W/$tag-$i.json" > "$W/$tag-$i.daemon.log" 2>&1 &
    DAEMONS+=($!)
  done
}
cs_stop3() {
  local p rc
  for p in "${DAEMONS[@]}"; do kill -CONT "$p" 2>/dev/null || true; kill -TERM "$p" 2>/dev/null || true; done
  for p in "${DAEMONS[@]}"; do rc=0; wait "$p" || rc=$?; [ "$rc" = 0 ] || log "daemon $p exited $rc on SIGTERM"; done
  DAEMONS=()
}
swift_pids() { pgrep -f 'swift-(proxy|object|container|account)-server' | tr '\n' ' '; }
rss_mib() { awk '/VmHWM/{printf "%.0f\n", $2/1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
passes() { curl -s "http://127.0.0.1:$1/metrics" | awk '/^cloudsync_passes_total/{print int($2)}'; }

declare -A R   # results

# ------------------------------------------------------------------ 1. initial sync
# cloudsync runs as it does in production: three daemons already running (warmed up on another
# container), with the benchmark container mapped to a bucket that does not exist yet; the clock
# starts when the bucket is created and stops when the daemons' metrics count every object
# copied. Each run gets fresh daemons, status dirs and buckets.
await_copied() {  # N TIMEOUT_S: prints the epoch time at which the daemons' metrics counted N copied rows
  $PY "$ROOT/bench/lib/await_copied.py" "$1" "$2" "${MPORTS[@]}" || { log "WARNING: fewer than $1 copied after $2 s"; now; }
}
other() {  # CONTENDER SWIFT_TICKS S3PROXY_TICKS: the other processes' CPU in that contender's window
  echo "$2" >> "$W/init-$1.swift"; echo "$3" >> "$W/init-$1.s3proxy"
}
if want init; then
  C=bench-$N; ensure_container "$C" "$N"; WARM=300; ensure_container bench-warm $WARM
  printf 'http://127.0.0.1:8081/v1/AUTH_test/%s/o%06d\n' $(for i in $(seq 0 $((N-1))); do echo "$C $i"; done) \
    | awk '{print "url = \"" $0 "\"\noutput = \"/dev/null\""}' > "$W/ceiling.curl"
  for r in $(seq "$RUNS"); do
    b=cs-init-$r; s3 mb "warm-init-$r"
    cs_start3 "init$r" "$(mapping AUTH_test bench-warm "warm-init-$r"), $(mapping AUTH_test "$C" "$b")" 600
    await_copied $WARM 300 > /dev/null; sleep 2
    # the bucket is created by a JVM that takes seconds under load: the CPU window starts after it
    SW=$(swift_pids)
    # shellcheck disable=SC2086
    # Counted from here: the warm container's rows are old enough to be verified at once, so a
    # verifier may copy one its owner is still copying, and WARM + N would stop the clock early.
    base=$($PY "$ROOT/bench/lib/await_copied.py" --count "${MPORTS[@]}")
    s3 mb "$b"; d0=$(ticks "${DAEMONS[@]}"); sw0=$(ticks $SW); s0=$(ticks "$S3PROXY_PID"); t0=$(now)
    # shellcheck disable=SC2086
    t1=$(await_copied $((base + N)) 900); d1=$(ticks "${DAEMONS[@]}"); sw1=$(ticks $SW); s1=$(ticks "$S3PROXY_PID")
    other cs $((sw1 - sw0)) $((s1 - s0))
    rss=0; for p in "${DAEMONS[@]}"; do x=$(rss_mib "$p"); [ "$x" -gt "$rss" ] && rss=$x; done
    cs_stop3
    got=$(s3 count "$b"); [ "$got" = "$N" ] || log "WARNING: cloudsync run $r: $got of $N keys"
    wall=$(el "$t0" "$t1"); cpu=$(awk -v d=$((d1 - d0)) 'BEGIN{printf "%.2f", d/100}')
    echo "$wall" >> "$W/init-cs.wall"; echo "$cpu" >> "$W/init-cs.cpu"; echo "$rss" >> "$W/init-cs.rss"
    b=rc-init-$r; s3 mb "$b"
    # shellcheck disable=SC2086
    sw0=$(ticks $SW); s0=$(ticks "$S3PROXY_PID")
    t0=$(now); /usr/bin/time -f "%U %S" -o "$W/init-rc-$r.time" rclone copy "saio:$C" "bs3:$b" --transfers 32 2> "$W/init-rc-$r.log"; t1=$(now)
    # shellcheck disable=SC2086
    other rc $(($(ticks $SW) - sw0)) $(($(ticks "$S3PROXY_PID") - s0))
    got=$(s3 count "$b"); [ "$got" = "$N" ] || log "WARNING: rclone run $r: $got of $N keys"
    el "$t0" "$t1" >> "$W/init-rc.wall"; echo >> "$W/init-rc.wall"
    # shellcheck disable=SC2086
    sw0=$(ticks $SW)
    t0=$(now); curl -s -Z --parallel-max 32 -K "$W/ceiling.curl" 2> /dev/null; t1=$(now)
    # shellcheck disable=SC2086
    other ceil $(($(ticks $SW) - sw0)) 0
    el "$t0" "$t1" >> "$W/init-ceil.wall"; echo >> "$W/init-ceil.wall"
    log "initial run $r: cloudsync $wall s (daemon cpu $cpu s, rss $rss MiB), rclone $(tail -1 "$W/init-rc.wall") s (cpu $(cat "$W/init-rc-$r.time")), ceiling $(tail -1 "$W/init-ceil.wall") s"
  done
  for k in cs rc ceil; do awk -v n="$N" '{print n/$1}' "$W/init-$k.wall" > "$W/init-$k.rate"; done
  R[init_cs]=$(stats 0 < "$W/init-cs.rate"); R[init_rc]=$(stats 0 < "$W/init-rc.rate"); R[init_ceil]=$(stats 0 < "$W/init-ceil.rate")
  R[init_ratio_rc]=$(awk -v a="$(median < "$W/init-cs.rate")" -v b="$(median < "$W/init-rc.rate")" 'BEGIN{printf "%.2f", a/b}')
  R[init_ratio_ceil]=$(awk -v a="$(median < "$W/init-cs.rate")" -v b="$(median < "$W/init-ceil.rate")" 'BEGIN{printf "%.2f", a/b}')
  R[init_cpu]=$(awk -v n="$N" '{print $1*1000/n}' "$W/init-cs.cpu" | stats 2)
  R[init_rc_cpu]=$(awk -v n="$N" '{print ($1+$2)*1000/n}' "$W"/init-rc-*.time | stats 2)
  R[init_rss]=$(sort -n "$W/init-cs.rss" | tail -1)
  for k in cs rc ceil; do
    R[init_${k}_swift]=$(awk -v n="$N" '{print $1*10/n}' "$W/init-$k.swift" | stats 2)
    R[init_${k}_s3p]=$(awk -v n="$N" '{print $1*10/n}' "$W/init-$k.s3proxy" | stats 2)
  done
fi

# ------------------------------------------------------------------ 2. incremental
prep10() {  # CONTAINER SIZE TAG: new bodies for 10 random objects, $W/TAG.curl to PUT them, manifests $W/TAG.cs/.rc ("key<TAB>md5")
  local c=$1 size=$2 tag=$3 d=$W/$3 pfx
  pfx=$(key_prefix "AUTH_test/$c"); mkdir -p "$d"; : > "$W/$tag.cs"; : > "$W/$tag.rc"
  printf 'header = "X-Auth-Token: %s"\n' "$TOKEN" > "$W/$tag.curl"  # once: curl config options are global
  for i in $(shuf -i 0-$((size-1)) -n 10); do
    o=$(printf 'o%06d' "$i"); head -c 4096 /dev/urandom > "$d/$o"; m=$(md5sum < "$d/$o" | cut -d' ' -f1)
    printf 'url = "%s/%s/%s"\nupload-file = "%s"\noutput = "/dev/null"\n' \
      "$SWIFT_STORAGE_URL" "$c" "$o" "$d/$o" >> "$W/$tag.curl"
    printf '%s/AUTH_test/%s/%s\t%s\n' "$pfx" "$c" "$o" "$m" >> "$W/$tag.cs"
    printf '%s\t%s\n' "$o" "$m" >> "$W/$tag.rc"
  done
}
put10() { curl -s -f -Z --parallel-max 10 -K "$W/$1.curl" 2> /dev/null; }
if want incr; then
  for S in "$N" "$BIG"; do
    C=bench-$S; ensure_container "$C" "$S"
    csb=cs-inc-$S; rcb=rc-inc-$S; s3 mb "$csb"; s3 mb "$rcb"
    read -r wall cpu rss < <(cs_once3 "inc$S" "$C" "$csb" 600)
    R[first_cs_$S]=$wall
    t0=$(now); rclone copy "saio:$C" "bs3:$rcb" --transfers 32 2> "$W/inc$S-rc-copy.log"; t1=$(now); R[first_rc_$S]=$(el "$t0" "$t1")
    log "incremental $S: initial sync cloudsync $wall s, rclone ${R[first_rc_$S]} s"
    # continuous daemons on the status dirs of that initial sync (slack 600 min: no verification burst in the window)
    cs_start3 "inc$S" "$(mapping AUTH_test "$C" "$csb")" 600
    sleep 4
    for r in $(seq "$RUNS"); do
      # cloudsync: the S3 poller (a JVM) is started first, so its start-up is not counted
      prep10 "$C" "$S" "chg-$S-$r-cs"
      s3 await "$csb" "$W/chg-$S-$r-cs.cs" 120 > "$W/chg-$S-$r-cs.done" & poller=$!
      sleep 2
      put10 "chg-$S-$r-cs"; t0=$(now)
      wait "$poller"
      awk -v a="$t0" -v b="$(cat "$W/chg-$S-$r-cs.done")" 'BEGIN{printf "%.3f\n", b/1000-a}' >> "$W/inc-$S-cs.wall"
      # rclone sync, with the cloudsync daemons stopped (SIGSTOP) so they take no CPU from it
      for p in "${DAEMONS[@]}"; do kill -STOP "$p"; done
      prep10 "$C" "$S" "chg-$S-$r-rc"; put10 "chg-$S-$r-rc"; t0=$(now)
      rclone sync "saio:$C" "bs3:$rcb" --transfers 32 --checkers 32 2> "$W/inc$S-rc-$r.log"; t1=$(now)
      el "$t0" "$t1" >> "$W/inc-$S-rc.wall"; echo >> "$W/inc-$S-rc.wall"
      s3 await "$rcb" "$W/chg-$S-$r-rc.rc" 1 > /dev/null || log "WARNING: rclone sync left stale objects"
      for p in "${DAEMONS[@]}"; do kill -CONT "$p"; done
      s3 await "$csb" "$W/chg-$S-$r-rc.cs" 120 > /dev/null; sleep 2
      log "incremental $S run $r: cloudsync $(tail -1 "$W/inc-$S-cs.wall") s, rclone sync $(tail -1 "$W/inc-$S-rc.wall") s"
    done
    for p in "${DAEMONS[@]}"; do echo "$(rss_mib "$p")" >> "$W/inc-rss"; done
    cs_stop3
    R[inc_cs_$S]=$(stats 2 < "$W/inc-$S-cs.wall"); R[inc_rc_$S]=$(stats 1 < "$W/inc-$S-rc.wall")
  done
  R[inc_flat_cs]=$(awk -v a="$(median < "$W/inc-$BIG-cs.wall")" -v b="$(median < "$W/inc-$N-cs.wall")" 'BEGIN{printf "%.2f", a/b}')
  R[inc_flat_rc]=$(awk -v a="$(median < "$W/inc-$BIG-rc.wall")" -v b="$(median < "$W/inc-$N-rc.wall")" 'BEGIN{printf "%.2f", a/b}')
  R[inc_rss]=$(sort -n "$W/inc-rss" | tail -1)
fi

# ------------------------------------------------------------------ 3. crawl rate
if want crawl; then
  CC=crawl-$CRAWL
  log "crawl DB of $CRAWL tombstones (created once with ContainerBroker)"
  $PY "$ROOT/bench/mkcrawldb.py" "$SAIO_DIR/etc" "$SAIO_DIR/srv" AUTH_crawl "$CC" "$CRAWL" > "$W/crawl-db.txt"
  s3 mb crawl-b
  for r in $(seq "$RUNS"); do
    cs_config 1 "$W/crawl$r.json" "$W/crawl$r-status" "$(mapping AUTH_crawl "$CC" crawl-b '"propagate_delete": false')" 0
    /usr/bin/time -f "%e %U %S %M" -o "$W/crawl$r.time" "$CLOUDSYNC" sync --config "$W/crawl$r.json" --once --log-level debug > "$W/crawl$r.log" 2>&1
    # "pass done: N containers, R rows scanned, H rows handled in M ms" (info) or, for a pass that
    # handled nothing in under a second, "pass done: N containers, R rows scanned in M ms" (debug)
    scanned=$(sed -n 's/.*pass done: .* \([0-9]*\) rows scanned.*/\1/p' "$W/crawl$r.log" | tail -1)
    passms=$(sed -n 's/.*pass done: .* in \([0-9]*\) ms.*/\1/p' "$W/crawl$r.log" | tail -1)
    [ -n "$passms" ] || { log "crawl run $r: no 'pass done' line in $W/crawl$r.log"; exit 1; }
    echo "$CRAWL $passms" | awk '{printf "%.0f\n", $1/($2/1000)}' >> "$W/crawl.rate"
    awk '{printf "%.0f\n", $4/1024}' "$W/crawl$r.time" >> "$W/crawl.rss"
    log "crawl run $r: $scanned rows read (own + verify cursor) in $passms ms; process $(cut -d' ' -f1 "$W/crawl$r.time") s, CPU $(awk '{printf "%.2f", $2+$3}' "$W/crawl$r.time") s"
  done
  R[crawl]=$(stats 0 < "$W/crawl.rate"); R[crawl_rss]=$(sort -n "$W/crawl.rss" | tail -1)
fi

# ------------------------------------------------------------------ 4. quiet cluster
if want quiet; then
  have=$(curl -s -I "$SWIFT_INTERNAL_PROXY_URL/v1/AUTH_quiet" | awk -F': ' 'tolower($1)=="x-account-container-count"{print $2+0}' | tr -d '\r')
  if [ "${have:-0}" -lt "$QUIET" ]; then
    log "creating $QUIET containers with one object each in AUTH_quiet (once)"
    for i in $(seq 0 $((QUIET-1))); do printf 'url = "%s/v1/AUTH_quiet/q%04d"\nrequest = "PUT"\noutput = "/dev/null"\n' "$SWIFT_INTERNAL_PROXY_URL" "$i"; done > "$W/quiet-c.curl"
    curl -s -Z --parallel-max 16 -K "$W/quiet-c.curl" 2> /dev/null
    head -c 4096 /dev/urandom > "$W/quiet.obj"
    for i in $(seq 0 $((QUIET-1))); do printf 'url = "%s/v1/AUTH_quiet/q%04d/obj"\nupload-file = "%s"\noutput = "/dev/null"\n' "$SWIFT_INTERNAL_PROXY_URL" "$i" "$W/quiet.obj"; done > "$W/quiet-o.curl"
    curl -s -Z --parallel-max 16 -K "$W/quiet-o.curl" 2> /dev/null
    for i in 1 2 3; do swift-object-updater "$SAIO_DIR/etc/object-server/$i.conf" once > /dev/null 2>&1 || true; done
  fi
  s3 mb quiet-b
  cs_start3 quiet "$(mapping AUTH_quiet '/*' quiet-b)" 0.05
  for _ in $(seq 300); do [ "$(s3 count quiet-b)" -ge "$QUIET" ] && break; sleep 1; done
  sleep 10  # verification cursors catch up, then nothing is new
  mapfile -t SWIFT_PIDS < <(pgrep -f 'swift-(proxy|container|account|object)-server')
  for r in $(seq "$RUNS"); do
    p0=$(passes "${MPORTS[1]}"); d0=$(ticks "${DAEMONS[@]}"); s0=$(ticks "${SWIFT_PIDS[@]}")
    sleep "$WINDOW"
    p1=$(passes "${MPORTS[1]}"); d1=$(ticks "${DAEMONS[@]}"); s1=$(ticks "${SWIFT_PIDS[@]}")
    for p in "${DAEMONS[@]}"; do kill -STOP "$p"; done
    b0=$(ticks "${SWIFT_PIDS[@]}"); sleep "$WINDOW"; b1=$(ticks "${SWIFT_PIDS[@]}")
    for p in "${DAEMONS[@]}"; do kill -CONT "$p"; done
    np=$((p1 - p0))
    awk -v d=$((d1 - d0)) -v n="$np" 'BEGIN{printf "%.1f\n", d*10/3/n}' >> "$W/quiet-daemon.ms"
    awk -v s=$((s1 - s0)) -v b=$((b1 - b0)) -v n="$np" 'BEGIN{printf "%.1f\n", (s-b)*10/n}' >> "$W/quiet-swift.ms"
    log "quiet run $r: $np passes in ${WINDOW}s; daemons $((d1-d0)) ticks; swift $((s1-s0)) ticks (daemons stopped: $((b1-b0)))"
  done
  for p in "${DAEMONS[@]}"; do echo "$(rss_mib "$p")" >> "$W/quiet.rss"; done
  R[quiet_passes]=$np
  cs_stop3
  R[quiet_daemon]=$(stats 1 < "$W/quiet-daemon.ms"); R[quiet_swift]=$(stats 1 < "$W/quiet-swift.ms")
  R[quiet_rss]=$(sort -n "$W/quiet.rss" | tail -1)
fi

# ------------------------------------------------------------------ table
{
  echo "cloudsync bench, $(cat "$W/machine.txt"); $([ $QUICK = 1 ] && echo '--quick, ')$RUNS alternating runs; median (min-max)"
  echo
  echo "| measurement | cloudsync | rclone / reference | ratio |"
  echo "|---|---|---|---|"
  if want init; then
    echo "| initial sync, $N x 4 KiB, objects/s | ${R[init_cs]} (3 running daemons, workers 32, direct_object_reads $DIRECT) | ${R[init_rc]} (rclone copy --transfers 32) | ${R[init_ratio_rc]}x rclone |"
    echo "| ceiling: GETs from the internal proxy, 32 parallel, objects/s | | ${R[init_ceil]} (curl -Z) | ${R[init_ratio_ceil]} of ceiling |"
    echo "| CPU per object, ms (cloudsync: 3 daemons summed; rclone: the process) | ${R[init_cpu]} | ${R[init_rc_cpu]} | |"
    echo "| Swift servers' CPU per object in the same window, ms | ${R[init_cs_swift]} | ${R[init_rc_swift]} (ceiling: ${R[init_ceil_swift]}) | |"
    echo "| S3Proxy's CPU per object in the same window, ms | ${R[init_cs_s3p]} | ${R[init_rc_s3p]} | |"
  fi
  if want incr; then
    echo "| first sync of $BIG objects (one run), s | ${R[first_cs_$BIG]} | ${R[first_rc_$BIG]} (rclone copy) | |"
    echo "| incremental: 10 changed of $N, s until S3 is current | ${R[inc_cs_$N]} | ${R[inc_rc_$N]} (rclone sync) | |"
    echo "| incremental: 10 changed of $BIG, s | ${R[inc_cs_$BIG]} | ${R[inc_rc_$BIG]} (rclone sync) | |"
    echo "| incremental growth $BIG vs $N (median ratio) | ${R[inc_flat_cs]}x | ${R[inc_flat_rc]}x | |"
  fi
  if want crawl; then
    echo "| crawl from cursor 0, $CRAWL tombstones, rows/s (propagate_delete false) | ${R[crawl]} | target 200,000 | |"
  fi
  if want quiet; then
    echo "| quiet cluster, $QUIET containers: CPU ms per pass, each daemon | ${R[quiet_daemon]} | | |"
    echo "| quiet cluster: Swift servers' CPU ms per cluster pass (minus idle) | ${R[quiet_swift]} | | |"
  fi
  echo "| daemon max RSS (MiB): initial / incremental / crawl / quiet | ${R[init_rss]:--} / ${R[inc_rss]:--} / ${R[crawl_rss]:--} / ${R[quiet_rss]:--} | target <= 300 | |"
} | tee "$W/table.md"
