#!/usr/bin/env bash
# bench/containersync/run.sh - issue 20's benchmark on this machine's SAIO: Swift -> Swift
# (AUTH_test -> AUTH_test2, realm-signed container-sync), alternating runs, medians.
#
#   bench/containersync/run.sh [--runs 5] [--objects 2000] [--big 20000] [--only init,incr]
#   (--big 0: the incremental section for N objects only)
#
# init: N x 4 KiB into an empty remote container, four contenders per run, their order rotated
#   each run:
#   - ceiling:   `swift upload --object-threads 32` of the same files straight into AUTH_test2
#                (the remote's own PUT rate: nothing can sync faster);
#   - csync:     Swift's `swift-container-sync <conf> once` on the three nodes at once;
#   - cloudsync: three running daemons (`sync_to_header: true`, workers 32, poll_interval 1),
#                started before the first run; the clock starts when X-Container-Sync-To is set
#                on the source and stops when their metrics count N copies;
#   - rclone:    `rclone copy --transfers 32` Swift -> Swift (test -> test2, tempauth).
#   CPU per object: the contender's own processes (daemons from /proc; the others through
#   /usr/bin/time) and every Swift server process (/proc), over the contender's window.
#   verification_slack is 600 min, so the daemons' one-time verification of rows older than the
#   slack (2 HEADs per object) stays out of the window, as in bench/run.sh.
# incr: for containers of N and BIG objects already in sync, 10 objects get new bodies; time from
#   the end of the 10 PUTs until the remote has the 10 new ETags (cloudsync, daemons running),
#   the duration of `swift-container-sync once` on the three nodes, and of
#   `rclone sync --transfers 32 --checkers 32`. Daemons are paused (SIGSTOP) outside their turn.
#   Here the source keeps X-Container-Sync-To pointing at container-sync's remote (Swift resets
#   its sync points whenever the header changes) and cloudsync runs a `protocol: swift` mapping of
#   the same container (same engine, same remote cluster, test2's tempauth credentials).
#
# Needs: the SAIO up (test-container/saio-up.sh, its realm), cli/target/cloudsync.jar, rclone,
# python3-swiftclient. The source containers (bench-cs-<N>) are created once and reused; remote
# containers are new each run (bench-cs-<tag>-*) and removed at the end (--keep keeps them).
# swift-container-sync walks every container of its devices that has sync enabled (the
# `sync_containers` links the container server keeps); so that it syncs only the benchmark's
# container while other containers of this SAIO carry X-Container-Sync-To, it runs on a private
# devices tree holding just that container's links (same DBs, same ring, same node identity).
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
SAIO_DIR=${SAIO_DIR:-/tmp/saio}
# shellcheck disable=SC1091
source "$SAIO_DIR/saio.env"
RUNS=5; N=2000; BIG=20000; ONLY=init,incr; KEEP=false
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift ;;
    --objects) N=$2; shift ;;
    --big) BIG=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --keep) KEEP=true ;;
    *) echo "usage: $0 [--runs N] [--objects N] [--big N] [--only init,incr] [--keep]" >&2; exit 2 ;;
  esac
  shift
done
PY=/usr/bin/python3
CLOUDSYNC=$ROOT/bin/cloudsync
[ -f "$ROOT/cli/target/cloudsync.jar" ] || { echo "build first: ./mvnw -q -B -DskipTests package" >&2; exit 1; }
W=$ROOT/bench/target/containersync-$(date +%Y%m%d-%H%M%S); mkdir -p "$W"
TAG=$(date +%s)
REALM="//$SWIFT_SYNC_REALM/$SWIFT_SYNC_CLUSTER"
REMOTE_URL=$SWIFT_PROXY_URL/v1/AUTH_test2
KEY=bench-sync-key
log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$W/bench.log" >&2; }
now() { date +%s.%N; }
el() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b-a}'; }
freeport() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { $PY -c 'import sys,statistics as s; v=[float(x) for x in sys.stdin.read().split()]; print("%.2f" % s.median(v) if v else "-")'; }
tok() { curl -s -i -H "X-Auth-User: $1" -H "X-Auth-Key: $2" "$SWIFT_AUTH_URL" | awk -F': ' 'tolower($1)=="x-auth-token"{print $2}' | tr -d '\r'; }
T1=$(tok "$SWIFT_USER" "$SWIFT_KEY"); T2=$(tok "$SWIFT_USER2" "$SWIFT_KEY2")
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
count_remote() { curl -s -I -H "X-Auth-Token: $T2" "$REMOTE_URL/$1" | awk -F': ' 'tolower($1)=="x-container-object-count"{print $2+0}' | tr -d '\r'; }
new_remote() { code -X PUT -H "X-Auth-Token: $T2" -H "X-Container-Sync-Key: $KEY" "$REMOTE_URL/$1" > /dev/null; }
sync_to() {  # SOURCE REMOTE|"" : set (realm form) or clear the source's X-Container-Sync-To
  if [ -n "$2" ]; then
    code -X POST -H "X-Auth-Token: $T1" -H "X-Container-Sync-To: $REALM/AUTH_test2/$2" -H "X-Container-Sync-Key: $KEY" "$SWIFT_STORAGE_URL/$1" > /dev/null
  else
    code -X POST -H "X-Auth-Token: $T1" -H "X-Container-Sync-To;" -H "X-Container-Sync-Key;" "$SWIFT_STORAGE_URL/$1" > /dev/null
  fi
}
# CPU seconds (utime+stime) of the given pids, and of every Swift server process
cpu_of() { $PY - "$@" <<'PYEOF'
import os, sys
hz = os.sysconf("SC_CLK_TCK"); total = 0
for pid in sys.argv[1:]:
    try:
        f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        total += int(f[11]) + int(f[12])
    except OSError:
        pass
print("%.2f" % (total / hz))
PYEOF
}
swift_pids() { pgrep -f 'swift-(proxy|object|container|account)-server' | tr '\n' ' '; }
swift_cpu() { # shellcheck disable=SC2046
  cpu_of $(swift_pids); }
sub() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b-a}'; }

export RCLONE_CONFIG=$SAIO_RCLONE_CONFIG   # "saio": test:tester
export RCLONE_CONFIG_SAIO2_TYPE=swift RCLONE_CONFIG_SAIO2_USER=$SWIFT_USER2 RCLONE_CONFIG_SAIO2_KEY=$SWIFT_KEY2 \
  RCLONE_CONFIG_SAIO2_AUTH=$SWIFT_AUTH_URL RCLONE_CONFIG_SAIO2_AUTH_VERSION=1

ensure_source() {  # NAME COUNT: objects o000000.. of 4 KiB, created once; the files stay in $W/data-NAME
  local c=$1 n=$2 have dir
  dir=$W/data-$c; mkdir -p "$dir"
  $PY -c 'import os,sys; d=sys.argv[1]; [open("%s/o%06d" % (d,i),"wb").write(os.urandom(4096)) for i in range(int(sys.argv[2]))]' "$dir" "$n"
  have=$(curl -s -I -H "X-Auth-Token: $T1" "$SWIFT_STORAGE_URL/$c" | awk -F': ' 'tolower($1)=="x-container-object-count"{print $2+0}' | tr -d '\r')
  if [ "${have:-0}" -lt "$n" ]; then
    log "creating $c: $n x 4 KiB (once; reused by later runs)"
    (cd "$dir" && swift upload --object-threads 32 "$c" . > /dev/null)
    for i in 1 2 3; do swift-container-updater "$SAIO_DIR/etc/container-server/$i.conf" once > /dev/null 2>&1 || true; done
  fi
  sync_to "$c" ""
}

DAEMONS=(); MPORTS=()
start_daemons() {  # DEVICES_ROOT [MAPPINGS_JSON]: container-sync mode without mappings, those mappings only with
  local i header=true
  [ -n "${2-}" ] && header=false
  for i in 1 2 3; do
    MPORTS[$i]=$(freeport)
    cat > "$W/node$i.json" <<JSON
{"sync_to_header": $header, "containers": [${2-}],
 "devices": "$1/$i/node", "swift_dir": "$SWIFT_CONF_DIR", "status_dir": "$W/status-$i",
 "swift_bind_ip": "127.0.0.$i", "swift_bind_port": $((6200 + i * 10 + 1)),
 "internal_proxy_url": "$SWIFT_INTERNAL_PROXY_URL", "poll_interval": 1, "verification_slack": 600,
 "workers": 32, "log_level": "info", "metrics_bind": "127.0.0.1:${MPORTS[$i]}"}
JSON
    "$CLOUDSYNC" sync --config "$W/node$i.json" > "$W/daemon-$i.log" 2>&1 &
    DAEMONS+=($!)
  done
  sleep 15   # JIT warm-up and the first container scan
}
stop_daemons() { local p; for p in "${DAEMONS[@]:-}"; do [ -n "$p" ] && { kill -CONT "$p"; kill -TERM "$p"; } 2>/dev/null; done; DAEMONS=(); }
pause_daemons() { local p; for p in "${DAEMONS[@]}"; do kill -STOP "$p"; done; }
resume_daemons() { local p; for p in "${DAEMONS[@]}"; do kill -CONT "$p"; done; }
daemon_pids() { local p; for p in "${DAEMONS[@]}"; do echo "$p"; pgrep -P "$p" || true; done | tr '\n' ' '; }
awaitc() { $PY "$ROOT/bench/lib/await_copied.py" "$@"; }
REMOTES=()
cleanup() {
  stop_daemons
  local c
  for c in $(swift list 2>/dev/null | grep '^bench-cs-' || true); do sync_to "$c" "" || true; done
  if ! $KEEP; then
    for c in "${REMOTES[@]:-}"; do
      [ -n "$c" ] && swift -A "$SWIFT_AUTH_URL" -U "$SWIFT_USER2" -K "$SWIFT_KEY2" delete -q "$c" > /dev/null 2>&1 &
    done
    wait
  fi
}
trap cleanup EXIT
trap "exit 130" INT TERM
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$W/machine.txt"
log "results in $W; $(rclone version | head -1); $(swift-container-sync --version 2>/dev/null || dpkg-query -W -f='swift ${Version}' python3-swift)"

hash_of() { $PY -c 'import hashlib,sys; print(hashlib.md5(("%s/AUTH_test/%s%s" % (sys.argv[1], sys.argv[2], sys.argv[3])).encode()).hexdigest())' \
    "$SWIFT_HASH_PATH_PREFIX" "$1" "$SWIFT_HASH_PATH_SUFFIX"; }
private_devices() {  # SOURCE -> a devices root (<root>/<node>/node/<dev>/containers/...) holding only SOURCE's DB directories
  local c=$1 root=$W/cldev-$1 hash n dev d
  hash=$(hash_of "$c"); rm -rf "$root"
  for n in 1 2 3; do
    for dev in "$SAIO_DIR/srv/$n/node"/*; do
      mkdir -p "$root/$n/node/$(basename "$dev")/containers"
      for d in $(find "$dev/containers" -mindepth 3 -maxdepth 3 -type d -name "$hash" 2>/dev/null); do
        mkdir -p "$root/$n/node/$(basename "$dev")/$(dirname "${d#"$dev"/}")"
        ln -s "$d" "$root/$n/node/$(basename "$dev")/${d#"$dev"/}"
      done
    done
  done
  echo "$root"
}
csync_conf() {  # SOURCE NODE -> a container-sync conf whose devices hold only SOURCE (its DB directory
  # and its sync link: the daemon derives the DB path from the link's place under the same devices)
  local c=$1 n=$2 hash dev dir link d
  hash=$(hash_of "$c")
  dir=$W/csdev-$c/$n; rm -rf "$dir"; mkdir -p "$dir"
  for dev in "$SAIO_DIR/srv/$n/node"/*; do
    for d in $(find "$dev/containers" -mindepth 3 -maxdepth 3 -type d -name "$hash" 2>/dev/null); do
      mkdir -p "$dir/$(basename "$dev")/$(dirname "${d#"$dev"/}")"
      ln -s "$d" "$dir/$(basename "$dev")/${d#"$dev"/}"
    done
    [ -d "$dev/sync_containers" ] || continue
    for link in $(find "$dev/sync_containers" -type l -name "*$hash*" 2>/dev/null); do
      mkdir -p "$dir/$(basename "$dev")/$(dirname "${link#"$dev"/}")"
      cp -P "$link" "$dir/$(basename "$dev")/${link#"$dev"/}"
    done
  done
  sed "s#^devices = .*#devices = $dir#" "$SWIFT_CONF_DIR/container-server/$n.conf" > "$W/csync-$c-$n.conf"
  echo "$W/csync-$c-$n.conf"
}
csync_once() {  # SOURCE LOGPREFIX: swift-container-sync once on the three nodes, for SOURCE only
  local n conf
  for n in 1 2 3; do
    conf=$(csync_conf "$1" "$n")
    swift-container-sync "$conf" once > "$2-$n.log" 2>&1 &
  done
  wait
}

# --- init ------------------------------------------------------------------------------------
run_ceiling() {  # RUN
  local r=$1 rc=bench-cs-$TAG-ceil-$r t0 t1 s0 s1
  REMOTES+=("$rc")
  s0=$(swift_cpu); t0=$(now)
  /usr/bin/time -f "%U %S" -o "$W/ceil-$r.time" bash -c "cd '$W/data-$SRC' && swift -A '$SWIFT_AUTH_URL' -U '$SWIFT_USER2' -K '$SWIFT_KEY2' upload --object-threads 32 '$rc' . > /dev/null"
  t1=$(now); s1=$(swift_cpu)
  echo "$(el "$t0" "$t1") $(awk '{print $1+$2}' "$W/ceil-$r.time") $(sub "$s0" "$s1") $(count_remote "$rc")" >> "$W/init-ceiling"
}
run_csync() {
  local r=$1 rc=bench-cs-$TAG-csync-$r t0 t1 s0 s1
  REMOTES+=("$rc"); new_remote "$rc"; sync_to "$SRC" "$rc"
  for n in 1 2 3; do csync_conf "$SRC" "$n" > /dev/null; done
  s0=$(swift_cpu); t0=$(now)
  /usr/bin/time -f "%U %S" -o "$W/csync-$r.time" bash -c "for n in 1 2 3; do swift-container-sync '$W/csync-$SRC-'\$n.conf once > '$W/csync-$r-'\$n.log 2>&1 & done; wait"
  t1=$(now); s1=$(swift_cpu)
  sync_to "$SRC" ""
  echo "$(el "$t0" "$t1") $(awk '{print $1+$2}' "$W/csync-$r.time") $(sub "$s0" "$s1") $(count_remote "$rc")" >> "$W/init-csync"
}
run_cloudsync() {
  local r=$1 rc=bench-cs-$TAG-cloudsync-$r t0 t1 s0 s1 c0 c1 base
  REMOTES+=("$rc"); new_remote "$rc"
  resume_daemons
  base=$(awaitc --count "${MPORTS[@]}")
  # shellcheck disable=SC2046
  c0=$(cpu_of $(daemon_pids)); s0=$(swift_cpu); t0=$(now)
  sync_to "$SRC" "$rc"
  t1=$(awaitc $((base + N)) 900 "${MPORTS[@]}" || now)
  # shellcheck disable=SC2046
  c1=$(cpu_of $(daemon_pids)); s1=$(swift_cpu)
  sync_to "$SRC" ""
  sleep 3; pause_daemons
  echo "$(el "$t0" "$t1") $(sub "$c0" "$c1") $(sub "$s0" "$s1") $(count_remote "$rc")" >> "$W/init-cloudsync"
}
run_rclone() {
  local r=$1 rc=bench-cs-$TAG-rclone-$r t0 t1 s0 s1
  REMOTES+=("$rc")
  s0=$(swift_cpu); t0=$(now)
  /usr/bin/time -f "%U %S" -o "$W/rclone-$r.time" rclone copy "saio:$SRC" "saio2:$rc" --transfers 32 2> "$W/rclone-$r.log"
  t1=$(now); s1=$(swift_cpu)
  echo "$(el "$t0" "$t1") $(awk '{print $1+$2}' "$W/rclone-$r.time") $(sub "$s0" "$s1") $(count_remote "$rc")" >> "$W/init-rclone"
}
init_row() {  # NAME FILE: median wall, objects/s, tool CPU ms/object, Swift CPU ms/object, min synced
  local f=$W/init-$2 wall
  wall=$(cut -d' ' -f1 "$f" | median)
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$wall" "$(awk -v n="$N" -v w="$wall" 'BEGIN{printf "%.1f", n/w}')" \
    "$(cut -d' ' -f2 "$f" | median | awk -v n="$N" '{printf "%.2f", $1*1000/n}')" \
    "$(cut -d' ' -f3 "$f" | median | awk -v n="$N" '{printf "%.2f", $1*1000/n}')" \
    "$(cut -d' ' -f4 "$f" | sort -n | head -1)"
}
if [[ ,$ONLY, == *,init,* ]]; then
  SRC=bench-cs-$N; ensure_source "$SRC" "$N"
  # the daemons see only this container's DBs (other containers of this SAIO may carry the header)
  start_daemons "$(private_devices "$SRC")"; pause_daemons
  order=(ceiling csync cloudsync rclone)
  for r in $(seq "$RUNS"); do
    for k in 0 1 2 3; do
      c=${order[$(( (k + r - 1) % 4 ))]}
      "run_$c" "$r"
      log "init run $r $c: $(tail -1 "$W/init-$c")"
    done
  done
  stop_daemons
  {
    echo "| $N x 4 KiB AUTH_test -> AUTH_test2, $RUNS alternating runs | median wall s | objects/s | tool CPU ms/obj | Swift servers CPU ms/obj | synced (min) |"
    echo "|---|---|---|---|---|---|"
    init_row "SAIO PUT ceiling: swift upload --object-threads 32" ceiling
    init_row "swift-container-sync once (3 nodes)" csync
    init_row "cloudsync (3 running daemons)" cloudsync
    init_row "rclone copy --transfers 32" rclone
  } | tee "$W/init-table.md"
fi

# --- incr ------------------------------------------------------------------------------------
change10() {  # SOURCE COUNT -> writes the 10 names and new md5s to $W/changed
  local c=$1 n=$2 i name
  : > "$W/changed"
  for i in $($PY -c 'import random,sys; print(" ".join(str(x) for x in random.sample(range(int(sys.argv[1])), 10)))' "$n"); do
    name=$(printf 'o%06d' "$i")
    head -c 4096 /dev/urandom > "$W/body"
    curl -s -o /dev/null -X PUT -H "X-Auth-Token: $T1" --data-binary @"$W/body" "$SWIFT_STORAGE_URL/$c/$name"
    echo "$name $(md5sum < "$W/body" | cut -d' ' -f1)" >> "$W/changed"
  done
}
await_remote() {  # REMOTE TIMEOUT: until every changed name has its new ETag on the remote
  local rc=$1 deadline name md5
  deadline=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    local ok=0
    while read -r name md5; do
      [ "$(curl -s -I -H "X-Auth-Token: $T2" "$REMOTE_URL/$rc/$name" | awk -F': ' 'tolower($1)=="etag"{print $2}' | tr -d '\r')" = "$md5" ] && ok=$((ok + 1))
    done < "$W/changed"
    [ "$ok" = 10 ] && { now; return 0; }
    sleep 0.1
  done
  now; return 1
}
if [[ ,$ONLY, == *,incr,* ]]; then
  SIZES=$N; [ "$BIG" -gt 0 ] && SIZES="$N $BIG"
  for S in $SIZES; do
    SRC=bench-cs-$S; ensure_source "$SRC" "$S"
    RCS=bench-cs-$TAG-inc$S-cloudsync; RSW=bench-cs-$TAG-inc$S-csync; RRC=bench-cs-$TAG-inc$S-rclone
    REMOTES+=("$RCS" "$RSW" "$RRC")
    new_remote "$RCS"; new_remote "$RSW"
    log "incr $S: initial copies (untimed)"
    rclone copy "saio:$SRC" "saio2:$RRC" --transfers 32 2> "$W/inc$S-rclone-init.log"
    sync_to "$SRC" "$RSW"
    csync_once "$SRC" "$W/inc$S-csync-init"
    start_daemons "$SAIO_DIR/srv" "{\"account\": \"AUTH_test\", \"container\": \"$SRC\", \"protocol\": \"swift\", \"aws_endpoint\": \"$SWIFT_AUTH_URL\", \"aws_identity\": \"$SWIFT_USER2\", \"aws_secret\": \"$SWIFT_KEY2\", \"aws_bucket\": \"$RCS\"}"
    for _ in $(seq 1800); do [ "$(count_remote "$RCS")" -ge "$S" ] && break; sleep 1; done
    sleep 5; pause_daemons
    for r in $(seq "$RUNS"); do
      # cloudsync: running daemons, header pointing at their remote
      resume_daemons; sleep 2
      change10 "$SRC" "$S"; t0=$(now)
      t1=$(await_remote "$RCS" 300) || log "WARNING: cloudsync incr $S run $r timed out"
      el "$t0" "$t1" >> "$W/inc$S-cloudsync"; echo >> "$W/inc$S-cloudsync"
      sleep 2; pause_daemons
      # container-sync: the header points at its remote all along
      change10 "$SRC" "$S"; t0=$(now)
      csync_once "$SRC" "$W/inc$S-csync-$r"
      t1=$(await_remote "$RSW" 5) || log "WARNING: container-sync incr $S run $r: not all 10 changes arrived"
      el "$t0" "$t1" >> "$W/inc$S-csync"; echo >> "$W/inc$S-csync"
      # rclone
      change10 "$SRC" "$S"; t0=$(now)
      rclone sync "saio:$SRC" "saio2:$RRC" --transfers 32 --checkers 32 2> "$W/inc$S-rclone-$r.log"
      t1=$(await_remote "$RRC" 5) || log "WARNING: rclone incr $S run $r: not all 10 changes arrived"
      el "$t0" "$t1" >> "$W/inc$S-rclone"; echo >> "$W/inc$S-rclone"
      log "incr $S run $r: cloudsync $(tail -1 "$W/inc$S-cloudsync") s, container-sync $(tail -1 "$W/inc$S-csync") s, rclone $(tail -1 "$W/inc$S-rclone") s"
    done
    stop_daemons; sync_to "$SRC" ""
  done
  {
    echo "| 10 changed objects, $RUNS alternating runs: median s until the remote has them |$(for S in $SIZES; do printf ' %s objects |' "$S"; done)"
    echo "|---|$(for S in $SIZES; do printf -- '---|'; done)"
    for t in "cloudsync (3 running daemons, poll_interval 1):cloudsync" "swift-container-sync once (3 nodes):csync" \
             "rclone sync --transfers 32 --checkers 32:rclone"; do
      echo "| ${t%%:*} |$(for S in $SIZES; do printf ' %s |' "$(median < "$W/inc$S-${t##*:}")"; done)"
    done
  } | tee "$W/incr-table.md"
fi
