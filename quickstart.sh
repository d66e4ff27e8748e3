#!/usr/bin/env bash
# quickstart.sh - build cloudsync, start a real Swift all-in-one and a local S3 server (S3Proxy),
# upload a few objects to Swift, run one pass of `cloudsync sync`, and show what is now in the
# bucket. Works on a fresh Debian 12 machine as root with only a JDK 17 installed (Maven comes
# from the wrapper; Swift, swiftclient and awscli from Debian packages).
#
# Env knobs: QS_WORK (./quickstart-work), QS_S3_PORT (18080), QS_S3_BIND (127.0.0.1),
#   QS_KEEP=1 (leave S3Proxy running), QS_SKIP_BUILD=1 (use an existing cli/target/cloudsync.jar),
#   QS_SERVE=1 (after the demo, keep serving: the sync daemon, the shunt on QS_SHUNT_LISTEN
#   (127.0.0.1:8090) in front of Swift, and S3Proxy, until stopped; the docker all-in-one's mode),
#   QS_METRICS_PORT (9811, the daemon's metrics), QS_SHUNT_METRICS_PORT (9812).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
ROOT=$(pwd)
WORK=${QS_WORK:-$ROOT/quickstart-work}
S3_PORT=${QS_S3_PORT:-18080}
S3_BIND=${QS_S3_BIND:-127.0.0.1}
METRICS_PORT=${QS_METRICS_PORT:-9811}
S3_ID=quickstart
S3_SECRET=quickstart-secret
BUCKET=quickstart
CONTAINER=quickstart
step() { printf '\n== %s\n' "$*"; }
now() { date +%s.%N; }

command -v java >/dev/null || { echo "quickstart: install a JDK 17 first (apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }
mkdir -p "$WORK"

if [ "${QS_SKIP_BUILD:-0}" = 1 ] && [ -f cli/target/cloudsync.jar ]; then
  step "build skipped (QS_SKIP_BUILD=1; using cli/target/cloudsync.jar)"
else
  step "build (./mvnw package, tests skipped here; ./mvnw verify runs them)"
  ./mvnw -q -B -DskipTests package
fi
./mvnw -q -B -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies -DoutputDirectory="$WORK"

step "start the Swift all-in-one (test-container/saio-up.sh; first run installs Debian packages)"
SAIO_INSTALL_EXTRA="awscli" bash test-container/saio-up.sh >/dev/null
# shellcheck disable=SC1091
source "${SAIO_DIR:-/tmp/saio}/saio.env"

step "start S3Proxy on $S3_BIND:$S3_PORT (filesystem backend in $WORK/s3data)"
if ! curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/"; then
  mkdir -p "$WORK/s3data"
  cat > "$WORK/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://$S3_BIND:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ID
s3proxy.credential=$S3_SECRET
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/s3data
PROPS
  setsid java -jar "$WORK/s3proxy-4.1.0-jar-with-dependencies.jar" --properties "$WORK/s3proxy.properties" \
    > "$WORK/s3proxy.log" 2>&1 < /dev/null &
  echo $! > "$WORK/s3proxy.pid"
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break; sleep 0.2; done
fi
export AWS_ACCESS_KEY_ID=$S3_ID AWS_SECRET_ACCESS_KEY=$S3_SECRET AWS_DEFAULT_REGION=us-east-1
aws() { command aws --endpoint-url "http://127.0.0.1:$S3_PORT" "$@"; }
aws s3 mb "s3://$BUCKET" >/dev/null 2>&1 || true

step "write $WORK/sync.json (one daemon for node 1; verification_slack 0 so it also syncs the other nodes' rows)"
cat > "$WORK/sync.json" <<JSON
{
  "containers": [
    {
      "account": "$SWIFT_ACCOUNT",
      "container": "$CONTAINER",
      "aws_bucket": "$BUCKET",
      "aws_endpoint": "http://127.0.0.1:$S3_PORT",
      "aws_identity": "$S3_ID",
      "aws_secret": "$S3_SECRET"
    }
  ],
  "devices": "$SAIO_DIR/srv/1/node",
  "swift_dir": "$SWIFT_CONF_DIR",
  "status_dir": "$WORK/status",
  "items_chunk": 1000,
  "poll_interval": 1,
  "verification_slack": 0,
  "swift_bind_ip": "127.0.0.1",
  "swift_bind_port": 6211,
  "internal_proxy_url": "$SWIFT_INTERNAL_PROXY_URL",
  "metrics_bind": "127.0.0.1:$METRICS_PORT",
  "log_level": "info"
}
JSON

step "upload sample objects to Swift ($SWIFT_ACCOUNT/$CONTAINER)"
mkdir -p "$WORK/samples"
echo "hello from swift" > "$WORK/samples/hello.txt"
: > "$WORK/samples/empty"
head -c 1048576 /dev/urandom > "$WORK/samples/random.bin"
swift post "$CONTAINER"
swift upload "$CONTAINER" "$WORK/samples/hello.txt" --object-name "héllo wörld ☯.txt" \
  -H "X-Object-Meta-Color: blue sky" -H "Content-Type: text/plain" >/dev/null
swift upload "$CONTAINER" "$WORK/samples/empty" --object-name "empty object" >/dev/null
swift upload "$CONTAINER" "$WORK/samples/random.bin" --object-name "data/random.bin" >/dev/null
swift list "$CONTAINER" | sed 's/^/  swift: /'

step "cloudsync sync --once"
t0=$(now)
bin/cloudsync sync --config "$WORK/sync.json" --once --console
t1=$(now)
elapsed=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')

step "what is in s3://$BUCKET now (aws s3 ls --recursive)"
aws s3 ls --recursive "s3://$BUCKET"
key=$(aws s3api list-objects-v2 --bucket "$BUCKET" --query 'Contents[?contains(Key, `hello`) || contains(Key, `llo`)].Key | [0]' --output text)
echo
echo "metadata of $key:"
aws s3api head-object --bucket "$BUCKET" --key "$key" --query '{ETag: ETag, ContentType: ContentType, Metadata: Metadata}'
echo
echo "synced $(aws s3 ls --recursive "s3://$BUCKET" | wc -l) objects in ${elapsed} s (JVM start included)"
echo "progress: bin/cloudsync status --config $WORK/sync.json"
if [ "${QS_SERVE:-0}" = 1 ]; then
  SHUNT_LISTEN=${QS_SHUNT_LISTEN:-127.0.0.1:8090}
  step "serve: cloudsync sync (daemon), cloudsync shunt on $SHUNT_LISTEN in front of $SWIFT_PROXY_URL, S3Proxy"
  pids=()
  stop_all() {
    trap - TERM INT EXIT
    kill "${pids[@]}" 2>/dev/null || true
    [ -f "$WORK/s3proxy.pid" ] && kill "$(cat "$WORK/s3proxy.pid")" 2>/dev/null && rm -f "$WORK/s3proxy.pid"
    wait 2>/dev/null || true
  }
  trap stop_all TERM INT EXIT
  bin/cloudsync sync --config "$WORK/sync.json" > "$WORK/sync.log" 2>&1 &
  pids+=($!)
  bin/cloudsync shunt --config "$WORK/sync.json" --listen "$SHUNT_LISTEN" --swift-proxy "$SWIFT_PROXY_URL" \
    --metrics-bind "127.0.0.1:${QS_SHUNT_METRICS_PORT:-9812}" > "$WORK/shunt.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do curl -s -o /dev/null "http://$SHUNT_LISTEN/info" && break; sleep 0.2; done
  echo "serving (logs: $WORK/sync.log, $WORK/shunt.log); Ctrl-C or SIGTERM stops everything"
  echo "  Swift through the shunt: swift -A http://$SHUNT_LISTEN/auth/v1.0 -U test:tester -K testing" \
    "--os-storage-url http://$SHUNT_LISTEN/v1/$SWIFT_ACCOUNT list $CONTAINER"
  echo "  S3: aws --endpoint-url http://$S3_BIND:$S3_PORT s3 ls s3://$BUCKET --recursive (key $S3_ID / $S3_SECRET)"
  echo "  metrics: http://127.0.0.1:$METRICS_PORT/metrics (daemon), http://127.0.0.1:${QS_SHUNT_METRICS_PORT:-9812}/metrics (shunt)"
  # the first of the two to exit ends the all-in-one, with its exit code
  set +e
  wait -n "${pids[@]}"
  rc=$?
  echo "a cloudsync process exited ($rc); stopping" >&2
  exit "$rc"
fi
if [ "${QS_KEEP:-0}" != 1 ] && [ -f "$WORK/s3proxy.pid" ]; then
  kill "$(cat "$WORK/s3proxy.pid")" 2>/dev/null || true
  rm -f "$WORK/s3proxy.pid"
fi
