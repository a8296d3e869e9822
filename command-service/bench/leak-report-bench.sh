#!/usr/bin/env bash
# POST /v1/leaks answer time, known keys against unknown ones, on a fresh H2 TCP event store (the local stack's).
# Run from the repository root after:  ./mvnw -o -q -B package -DskipTests
#                                      ./mvnw -o -q -B -pl command-service test-compile
# usage: command-service/bench/leak-report-bench.sh [reports per kind=2000] [warmup=300] [known keys=100]
set -euo pipefail
perkind=${1:-2000}; warmup=${2:-300}; known=${3:-100}
work=$(mktemp -d /tmp/leak-report-bench.XXXXXX)
h2=$(ls ~/.m2/repository/com/h2database/h2/*/h2-*.jar | sort | tail -1)
java -cp "$h2" org.h2.tools.Server -tcp -tcpPort 19095 -ifNotExists -baseDir "$work/h2" > "$work/h2.log" 2>&1 & H2=$!
# waits for both to exit, so that a run right after this one finds the ports free
trap 'kill ${SVC:-} $H2 2>/dev/null; wait ${SVC:-} $H2 2>/dev/null || true' EXIT
sleep 2
env SERVER_PORT=18081 KEYLEDGER_DATA_DIR="$work/data" KEYLEDGER_EVENTSTORE_URL="jdbc:h2:tcp://localhost:19095/keyledger;WRITE_DELAY=0" \
  AXONIQ_UPDATE_CHECKER_DISABLED=true KEYLEDGER_LAST_USE_ENABLED=false KEYLEDGER_KEYS_MAX_PER_ORGANIZATION=10000000 \
  KEYLEDGER_MANAGEMENT_API_RATE_LIMIT_PER_SECOND=10000000 KEYLEDGER_MANAGEMENT_API_RATE_LIMIT_BURST=10000000 KEYLEDGER_LEAKS_RATE_LIMIT_PER_MINUTE=100000000 KEYLEDGER_LEAKS_RATE_LIMIT_BURST=100000000 \
  java -jar command-service/target/command-service.jar > "$work/service.log" 2>&1 & SVC=$!
for i in $(seq 1 150); do
  sleep 2
  [ "$(curl -s -o /dev/null -w '%{http_code}' localhost:18081/actuator/health/readiness)" = 200 ] && break
done
echo "ready after $((i * 2)) s; $(uptime)"
java -cp command-service/target/test-classes:shared-events/target/classes io.keyledger.command.bench.LeakReportLatency \
  http://localhost:18081 "$work/data/bootstrap-admin.key" "$perkind" "$warmup" "$known"
echo "done; $(uptime)"
