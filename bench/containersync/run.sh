#!/usr/bin/env bash
# bench/containersync/run.sh - container-sync mode: cloudsync (3 daemons, --once) vs Swift's
# swift-container-sync (<conf> once on each node), N x 4 KiB into an empty AUTH_test2 container
# on this machine's SAIO. One run each (no medians: a first look, see bench/README.md).
#
#   bench/containersync/run.sh [N]        (default 500)
#
# Needs: the SAIO up, cli/target/cloudsync.jar (./mvnw -DskipTests package -pl cli -am).
# Wall time and the sync tool's own CPU (user+sys of its process tree, /usr/bin/time); the Swift
# servers' CPU is not counted here. Prints a table.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
SAIO_DIR=${SAIO_DIR:-/tmp/saio}
# shellcheck disable=SC1091
source "$SAIO_DIR/saio.env"
N=${1:-500}
W=$ROOT/bench/target/containersync-$(date +%Y%m%d-%H%M%S)
mkdir -p "$W/objs"
REALM="//$SWIFT_SYNC_REALM/$SWIFT_SYNC_CLUSTER"
tok() { curl -s -i -H "X-Auth-User: $1" -H "X-Auth-Key: $2" "$SWIFT_AUTH_URL" | grep -i '^x-auth-token:' | cut -d' ' -f2 | tr -d '\r'; }
T1=$(tok "$SWIFT_USER" "$SWIFT_KEY"); T2=$(tok "$SWIFT_USER2" "$SWIFT_KEY2")
req() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
TAG=$(date +%s)
SRC_SW=bench-csync-sw-$TAG; SRC_CS=bench-csync-cs-$TAG
for i in $(seq 1 "$N"); do head -c 4096 /dev/urandom > "$W/objs/o$i"; done
for c in $SRC_SW $SRC_CS; do
  req -X PUT -H "X-Auth-Token: $T1" "$SWIFT_STORAGE_URL/$c" >/dev/null
  req -X PUT -H "X-Auth-Token: $T2" -H "X-Container-Sync-Key: kb" "http://127.0.0.1:8080/v1/AUTH_test2/$c-r" >/dev/null
  (cd "$W/objs" && swift -A "$SWIFT_AUTH_URL" -U "$SWIFT_USER" -K "$SWIFT_KEY" upload --object-threads 16 -q "$c" .)
done
unsync() { req -X POST -H "X-Auth-Token: $T1" -H "X-Container-Sync-To;" "$SWIFT_STORAGE_URL/$1" >/dev/null; }
trap 'unsync $SRC_SW; unsync $SRC_CS' EXIT
count() { curl -s -H "X-Auth-Token: $T2" "http://127.0.0.1:8080/v1/AUTH_test2/$1-r" | wc -l; }

# cloudsync configs, one per node; a warm-up pass fills each node's scan cache before any header is set
for n in 1 2 3; do
  cat > "$W/node$n.json" <<JSON
{"sync_to_header": true, "devices": "$SAIO_DIR/srv/$n/node", "swift_dir": "$SWIFT_CONF_DIR",
 "status_dir": "$W/status-$n", "swift_bind_ip": "127.0.0.$n", "swift_bind_port": 62${n}1,
 "internal_proxy_url": "$SWIFT_INTERNAL_PROXY_URL", "metrics_bind": ""}
JSON
  "$ROOT/bin/cloudsync" sync --config "$W/node$n.json" --once > "$W/warm-$n.log" 2>&1 || true
done

req -X POST -H "X-Auth-Token: $T1" -H "X-Container-Sync-To: $REALM/AUTH_test2/$SRC_SW-r" -H "X-Container-Sync-Key: kb" "$SWIFT_STORAGE_URL/$SRC_SW" >/dev/null
/usr/bin/time -f "%e %U %S" -o "$W/swift.time" bash -c "
  for n in 1 2 3; do swift-container-sync $SWIFT_CONF_DIR/container-server/\$n.conf once > $W/swift-\$n.log 2>&1 & done; wait"
unsync $SRC_SW
SW_COUNT=$(count $SRC_SW)

req -X POST -H "X-Auth-Token: $T1" -H "X-Container-Sync-To: $REALM/AUTH_test2/$SRC_CS-r" -H "X-Container-Sync-Key: kb" "$SWIFT_STORAGE_URL/$SRC_CS" >/dev/null
/usr/bin/time -f "%e %U %S" -o "$W/cloudsync.time" bash -c "
  for n in 1 2 3; do $ROOT/bin/cloudsync sync --config $W/node\$n.json --once > $W/cloudsync-\$n.log 2>&1 & done; wait"
unsync $SRC_CS
CS_COUNT=$(count $SRC_CS)

row() { read -r e u s < "$W/$1.time"; awk -v t="$2" -v n="$N" -v c="$3" -v e="$e" -v u="$u" -v s="$s" \
  'BEGIN { printf "| %-32s | %6d | %6d | %7.1f | %7.1f | %8.2f |\n", t, n, c, e, n / e, (u + s) * 1000 / n }'; }
{
  echo "| tool ($N x 4 KiB, empty remote)      | objects | synced | wall s | obj/s | tool CPU ms/obj |"
  echo "|----------------------------------|--------|--------|---------|---------|----------|"
  row swift "swift-container-sync (3 nodes)" "$SW_COUNT"
  row cloudsync "cloudsync --once (3 daemons)" "$CS_COUNT"
} | tee "$W/table.md"
