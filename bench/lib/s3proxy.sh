# bench/lib/s3proxy.sh - a standalone S3Proxy for the bench scripts (sourced, not run).
#
#   source "$ROOT/bench/lib/s3proxy.sh"
#   s3proxy_start WORKDIR HEAP [FS_BASEDIR]
#
# Starts S3Proxy 4.1.0 (jar-with-dependencies, copied once into bench/target/lib by Maven) on a
# free loopback port, with the transient (in-memory) backend, or with the filesystem backend under
# FS_BASEDIR when given (each object a plain file FS_BASEDIR/<bucket>/<key>, so large objects cost
# disk, not heap). Writes WORKDIR/s3proxy.properties and WORKDIR/s3proxy.log, waits until it
# answers, exports S3_ENDPOINT S3_ID S3_SECRET and sets S3PROXY_PID. Needs ROOT (the repository
# root). The caller stops it (kill "$S3PROXY_PID") in its own EXIT trap. With S3PROXY_METRICS_PORT
# set, S3Proxy also serves its request counters (Prometheus text) on 127.0.0.1:<port>/metrics.

s3proxy_jar() {  # prints the path of the S3Proxy jar, copying it from the Maven repository once
  local jar=$ROOT/bench/target/lib/s3proxy-4.1.0-jar-with-dependencies.jar
  if [ ! -f "$jar" ]; then
    (cd "$ROOT" && { ./mvnw -q -B -o dependency:copy -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies \
        -DoutputDirectory=bench/target/lib || ./mvnw -q -B dependency:copy \
        -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies -DoutputDirectory=bench/target/lib; }) >&2
  fi
  echo "$jar"
}

s3proxy_start() {  # WORKDIR HEAP [FS_BASEDIR]
  local dir=$1 heap=$2 basedir=${3:-} jar port
  jar=$(s3proxy_jar)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  export S3_ENDPOINT=http://127.0.0.1:$port S3_ID=bench S3_SECRET=bench-secret
  {
    echo "s3proxy.endpoint=$S3_ENDPOINT"
    echo "s3proxy.authorization=aws-v2-or-v4"
    echo "s3proxy.identity=$S3_ID"
    echo "s3proxy.credential=$S3_SECRET"
    if [ -n "$basedir" ]; then
      mkdir -p "$basedir"
      echo "jclouds.provider=filesystem"
      echo "jclouds.filesystem.basedir=$basedir"
    else
      echo "jclouds.provider=transient"
    fi
    if [ -n "${S3PROXY_METRICS_PORT:-}" ]; then
      echo "s3proxy.metrics.enabled=true"
      echo "s3proxy.metrics.host=127.0.0.1"
      echo "s3proxy.metrics.port=$S3PROXY_METRICS_PORT"
    fi
    echo "jclouds.identity=$S3_ID"
    echo "jclouds.credential=$S3_SECRET"
  } > "$dir/s3proxy.properties"
  java "-Xmx$heap" -jar "$jar" --properties "$dir/s3proxy.properties" > "$dir/s3proxy.log" 2>&1 &
  S3PROXY_PID=$!
  for _ in $(seq 150); do
    curl -s -o /dev/null "$S3_ENDPOINT" && return 0
    kill -0 "$S3PROXY_PID" 2>/dev/null || break
    sleep 0.2
  done
  kill "$S3PROXY_PID" 2>/dev/null || true
  echo "S3Proxy did not start on $S3_ENDPOINT; see $dir/s3proxy.log" >&2
  return 1
}
