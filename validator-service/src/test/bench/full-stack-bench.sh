#!/usr/bin/env bash
# The full local stack measured end to end: `./keyledger up` on an empty data dir until the banner,
# 40 keys with high rate limits created through the command API, wrk against GET /v1/auth and
# POST /v1/verify (30 s + 20 s warm-up, 15 s each), nginx `return 200` right after, the attempt
# counters, 200 revocations (RevocationPropagation), then SIGTERM and the time to stop.
#   bash validator-service/src/test/bench/full-stack-bench.sh     (from the repository root, after
#   ./mvnw -o -q -B install -DskipTests, test-compile of validator-service and /tmp/validator-cp.txt as in its README)
set -uo pipefail
REPO=$(pwd)
OUT=$(mktemp -d /tmp/full-stack-bench.XXXXXX)

export KEYLEDGER_DATA_DIR=$OUT/data
echo "start $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s%N)
./keyledger up > $OUT/up.log 2>&1 &
UP=$!
until grep -q "keyledger is up" $OUT/up.log; do sleep 0.5; kill -0 $UP || { echo died; tail -20 $OUT/up.log; exit 1; }; done
grep "keyledger is up" $OUT/up.log
t1=$(date +%s%N)
echo "banner after $(( (t1-t0)/1000000 )) ms; load $(cut -d' ' -f1-3 /proc/loadavg)"
ADMIN=$(cat $KEYLEDGER_DATA_DIR/bootstrap-admin.key)
: > $OUT/keys.txt; 
for i in $(seq 1 40); do
  r=$(curl -s -XPOST localhost:8081/v1/api-keys -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"name":"bench '$i'","permissions":["tasks:read"],"rate_limit":{"per_second":1000000,"burst":1000000,"per_minute":1000000000,"per_hour":1000000000,"per_day":1000000000}}')
  echo "$r" | python3 -c 'import sys,json; d=json.load(sys.stdin); print(d["key"])' >> $OUT/keys.txt
done
wc -l < $OUT/keys.txt
sleep 3
B=$REPO/validator-service/src/test/bench
VPID=$(pgrep -f "validator-service.*jar" | head -1)
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
wrk -t1 -c32 -d30s -s $B/auth.lua http://127.0.0.1:8083 -- $OUT/keys.txt > /dev/null
wrk -t1 -c32 -d20s -s $B/verify.lua http://127.0.0.1:8083 -- $OUT/keys.txt > /dev/null
for s in auth verify; do
  c0=$(cpu $VPID); echo "-- $s (load $(cut -d' ' -f1-3 /proc/loadavg))"
  out=$(wrk -t1 -c32 -d15s --latency -s $B/$s.lua http://127.0.0.1:8083 -- $OUT/keys.txt); c1=$(cpu $VPID)
  echo "$out" | grep -E "Requests/sec|  50%|  99%|Non-2xx|Socket errors"
  n=$(echo "$out" | awk '/requests in/ {print $1}'); echo "  validator CPU/request: $(( (c1-c0)*1000000/$(getconf CLK_TCK)/n )) us ($n requests)"
done
mkdir -p /tmp/nginx-bench; nginx -p /tmp/nginx-bench -c $B/nginx-return-200.conf; sleep 1
echo "-- nginx return 200"; wrk -t1 -c32 -d15s --latency http://127.0.0.1:8099/ | grep -E "Requests/sec|  50%|  99%"
kill $(cat /tmp/nginx-bench.pid)
curl -s localhost:9083/actuator/prometheus | grep -E "^keyledger_attempts_(published|dropped|pending)" 
CP="$REPO/validator-service/target/test-classes:$REPO/validator-service/target/classes:$(cat /tmp/validator-cp.txt)"
echo "-- revocation (load $(cut -d' ' -f1-3 /proc/loadavg))"
java -cp "$CP" io.keyledger.validator.bench.RevocationPropagation --command=http://localhost:8081 --validators=http://localhost:8083 --admin-key-file=$KEYLEDGER_DATA_DIR/bootstrap-admin.key --count=200 2>&1 | tail -4
echo "-- stop"
t2=$(date +%s%N); kill -TERM $UP; wait $UP; t3=$(date +%s%N)
echo "stopped in $(( (t3-t2)/1000000 )) ms; leftover java: $(pgrep -fc 'keyledger|kafka|h2' )"
