#!/usr/bin/env bash
# Create-key throughput of command-service on a fresh H2 TCP event store (the local stack's), or PostgreSQL (STORE=postgres).
# Run from the repository root after:  ./mvnw -o -q -B -pl command-service -am install -DskipTests
#                                      ./mvnw -o -q -B -pl command-service test-compile
# usage: command-service/bench/create-key-bench.sh [requests=4000] [clients=1,16] [warmup=2000] [extra env for the service...]
# STORE=postgres: the event store on a fresh PostgreSQL from the machine's binaries (Debian postgresql-15,
# default settings: fsync and synchronous_commit on, as H2 with WRITE_DELAY=0 is durable per commit)
# instead of H2; command-service/bench/create-key-stores.sh runs both, one after the other.
set -euo pipefail
PORT=${PORT:-18081}; DB_PORT=${DB_PORT:-19095}   # service and event store ports
requests=${1:-4000}; clients=${2:-1,16}; warmup=${3:-2000}; shift $(( $# < 3 ? $# : 3 ))
work=$(mktemp -d /tmp/create-key-bench.XXXXXX)
# waits for both to exit, so that a run right after this one finds the ports free
trap 'kill ${SVC:-} $DB 2>/dev/null; wait ${SVC:-} $DB 2>/dev/null || true' EXIT
if [ "${STORE:-h2}" = postgres ]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  as=()
  mkdir -p "$work/pg"; echo keyledger > "$work/pw"
  if [ "$(id -u)" = 0 ]; then   # initdb and postgres refuse root
    chmod o+x "$work"; chown postgres: "$work/pg" "$work/pw"; as=(setpriv --reuid=postgres --regid=postgres --clear-groups)
  fi
  "${as[@]}" "$bin/initdb" -D "$work/pg/data" -U keyledger --pwfile="$work/pw" -A scram-sha-256 -E UTF8 --locale=C > "$work/pg.log" 2>&1
  "${as[@]}" "$bin/postgres" -D "$work/pg/data" -p ${DB_PORT} -c listen_addresses=127.0.0.1 -c unix_socket_directories= >> "$work/pg.log" 2>&1 & DB=$!
  until "$bin/pg_isready" -q -h 127.0.0.1 -p ${DB_PORT}; do sleep 0.2; done
  PGPASSWORD=keyledger "$bin/createdb" -h 127.0.0.1 -p ${DB_PORT} -U keyledger keyledger
  store=(KEYLEDGER_EVENT_STORE=postgres KEYLEDGER_EVENTSTORE_URL="jdbc:postgresql://127.0.0.1:${DB_PORT}/keyledger"
         KEYLEDGER_EVENTSTORE_USER=keyledger KEYLEDGER_EVENTSTORE_PASSWORD=keyledger)
else
  h2=$(ls ~/.m2/repository/com/h2database/h2/*/h2-*.jar | sort | tail -1)
  java -cp "$h2" org.h2.tools.Server -tcp -tcpPort ${DB_PORT} -ifNotExists -baseDir "$work/h2" > "$work/h2.log" 2>&1 & DB=$!
  store=(KEYLEDGER_EVENTSTORE_URL="jdbc:h2:tcp://localhost:${DB_PORT}/keyledger;WRITE_DELAY=0")
  sleep 2
fi
echo "event store: ${STORE:-h2}"
env "$@" "${store[@]}" SERVER_PORT=${PORT} KEYLEDGER_DATA_DIR="$work/data" \
  AXONIQ_UPDATE_CHECKER_DISABLED=true KEYLEDGER_KEYS_MAX_PER_ORGANIZATION=10000000 \
  KEYLEDGER_MANAGEMENT_API_RATE_LIMIT_PER_SECOND=10000000 KEYLEDGER_MANAGEMENT_API_RATE_LIMIT_BURST=10000000 \
  java -jar command-service/target/command-service.jar > "$work/service.log" 2>&1 & SVC=$!
for i in $(seq 1 150); do
  sleep 2
  [ "$(curl -s -o /dev/null -w '%{http_code}' localhost:${PORT}/actuator/health/readiness)" = 200 ] && break
done
echo "ready after $((i * 2)) s; $(uptime)"
java -Dpids=$SVC,$DB -cp command-service/target/test-classes io.keyledger.command.bench.CreateKeyLoad \
  http://localhost:${PORT} "$work/data/bootstrap-admin.key" "$requests" "$clients" "$warmup"
echo "done; $(uptime)"
