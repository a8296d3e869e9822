#!/usr/bin/env bash
# HTTP benchmark of one web stack: starts HttpBenchServer (100k keys; KAFKA=true adds an in-process
# KRaft broker so attempts are really published — its CPU then counts as the server's), then wrk against POST /v1/verify and GET /v1/auth, and nginx
# `return 200` on the same machine right after, for the ratio.
#   bash src/test/bench/http-bench.sh netty|mvc|webflux      (from validator-service/, after test-compile)
set -euo pipefail
STACK=${1:-netty}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18083}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=/tmp/validator-bench
CP="target/test-classes:target/classes:$(cat "${CP_FILE:-/tmp/validator-cp.txt}")"
mkdir -p $OUT /tmp/nginx-bench
export AXONIQ_UPDATE_CHECKER_DISABLED=true
KAFKA=${KAFKA:-false}
TICK=$(getconf CLK_TCK)
# CPU seconds (user+system) used so far by the given processes: on a machine shared with other
# work, throughput swings with the load, but the CPU each request costs the server does not
cpu() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo $t; }
# wrk run + requests/s, latency and server CPU per request
measure() {
  local script=$1; shift
  local before=$(cpu "$@")
  local out=$(wrk -t1 -c$CONNECTIONS -d$DURATION --latency ${script:+-s "$script"} "${URL}" ${script:+-- $OUT/keys.txt})
  local after=$(cpu "$@")
  local requests=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "$out" | grep -E "Requests/sec|  50%|  99%|Non-2xx|Socket errors"
  echo "  server CPU per request: $(( (after - before) * 1000000 / TICK / requests )) us  ($requests requests)"
}
java -Xms1g -Xmx1g -cp "$CP" io.keyledger.validator.bench.HttpBenchServer --keys=100000 --stack=$STACK --port=$PORT \
  --out=$OUT --kafka=$KAFKA > $OUT/server-$STACK.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; [ -f /tmp/nginx-bench.pid ] && kill $(cat /tmp/nginx-bench.pid) 2>/dev/null; true' EXIT
until grep -q "^READY stack" $OUT/server-$STACK.log \
    && curl -s -o /dev/null http://127.0.0.1:$PORT/v1/rate-limit; do kill -0 $pid; sleep 1; done
echo "== $STACK kafka=$KAFKA (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
# warm-up (long: on a loaded machine the JIT compilers get little CPU), then the measured runs
wrk -t1 -c$CONNECTIONS -d${WARMUP:-30s} -s "$HERE/verify.lua" http://127.0.0.1:$PORT -- $OUT/keys.txt > /dev/null
wrk -t1 -c$CONNECTIONS -d${WARMUP:-30s} -s "$HERE/auth.lua" http://127.0.0.1:$PORT -- $OUT/keys.txt > /dev/null
URL=http://127.0.0.1:$PORT
echo "-- POST /v1/verify"
measure "$HERE/verify.lua" $pid
echo "-- GET /v1/auth"
measure "$HERE/auth.lua" $pid
kill $pid; wait $pid 2>/dev/null || true
nginx -p /tmp/nginx-bench -c "$HERE/nginx-return-200.conf"
sleep 1
echo "-- nginx return 200 (same machine, right after)"
URL=http://127.0.0.1:8099/
measure "" $(cat /tmp/nginx-bench.pid) $(pgrep -P "$(cat /tmp/nginx-bench.pid)")
kill "$(cat /tmp/nginx-bench.pid)"
echo "(load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
