#!/usr/bin/env bash
# Cold start to ready at N keys: the validator jar against an H2 file event store holding N
# key-creation events (written once by ColdStartFixture), timed from process start to
# GET /actuator/health/readiness = 200.
#   bash src/test/bench/cold-start.sh [keys]     (from validator-service/, after mvn package)
# H2_TCP=true: the store behind an H2 TCP server of its own, as the local stack runs it (the server's
# CPU is printed too); otherwise the validator opens the file itself. STORE=postgres: PostgreSQL (below).
set -euo pipefail
KEYS=${1:-1000000}
DIR=/tmp/validator-coldstart
CP="target/test-classes:target/classes:$(cat "${CP_FILE:-/tmp/validator-cp.txt}")"
export AXONIQ_UPDATE_CHECKER_DISABLED=true
if [ "${STORE:-h2}" != postgres ] && [ ! -f "$DIR/es-$KEYS.mv.db" ]; then
  mkdir -p "$DIR"
  java -Xmx2g -cp "$CP" io.keyledger.validator.bench.ColdStartFixture "$DIR/es-$KEYS" "$KEYS"
fi
PORT=${PORT:-18183}
# readiness is on Spring's own server, the management port (the verification port serves verification only)
MPORT=${MPORT:-$((PORT + 1))}
URL="jdbc:h2:file:$DIR/es-$KEYS"
h2=
store=()
if [ "${STORE:-h2}" = postgres ]; then
  # STORE=postgres: the same events in a PostgreSQL cluster of its own ($DIR/pg-$KEYS, kept for the next run),
  # the validator with KEYLEDGER_EVENT_STORE=postgres (bytea payloads); the server's CPU is printed as H2's is
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  as=()
  if [ "$(id -u)" = 0 ]; then as=(setpriv --reuid=postgres --regid=postgres --clear-groups); chmod o+x "$DIR"; fi
  PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  fresh=false
  if [ ! -f "$DIR/pg-$KEYS/PG_VERSION" ]; then
    fresh=true; mkdir -p "$DIR/pg-$KEYS"; echo keyledger > "$DIR/pg.pw"
    [ ${#as[@]} -gt 0 ] && chown postgres: "$DIR/pg-$KEYS" "$DIR/pg.pw"
    "${as[@]}" "$bin/initdb" -D "$DIR/pg-$KEYS" -U keyledger --pwfile="$DIR/pg.pw" -A scram-sha-256 -E UTF8 --locale=C > "$DIR/pg.log" 2>&1
  fi
  "${as[@]}" "$bin/postgres" -D "$DIR/pg-$KEYS" -p "$PG_PORT" -c listen_addresses=127.0.0.1 -c unix_socket_directories= >> "$DIR/pg.log" 2>&1 &
  h2=$!
  trap 'kill -INT $h2 2>/dev/null; wait 2>/dev/null' EXIT
  until "$bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; do kill -0 $h2 || { cat "$DIR/pg.log"; exit 1; }; sleep 0.2; done
  URL="jdbc:postgresql://127.0.0.1:$PG_PORT/keyledger"
  if [ "$fresh" = true ]; then
    PGPASSWORD=keyledger "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U keyledger keyledger
    java -Xmx2g -Duser=keyledger -Dpassword=keyledger -cp "$CP" io.keyledger.validator.bench.ColdStartFixture \
      "$URL?reWriteBatchedInserts=true" "$KEYS"
    PGPASSWORD=keyledger psql -q -h 127.0.0.1 -p "$PG_PORT" -U keyledger -c 'VACUUM ANALYZE domain_event_entry'
  fi
  store=(--keyledger.event-store=postgres --spring.datasource.username=keyledger --spring.datasource.password=keyledger)
  read -r h2utime h2stime < <(awk '{print $14, $15}' /proc/$h2/stat)
fi
if [ "${H2_TCP:-false}" = true ]; then
  H2_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  java -cp "$CP" org.h2.tools.Server -tcp -tcpPort "$H2_PORT" -baseDir "$DIR" -ifExists > "$DIR/h2.log" 2>&1 &
  h2=$!
  until grep -q 'TCP server running' "$DIR/h2.log"; do kill -0 $h2 || { cat "$DIR/h2.log"; exit 1; }; sleep 0.2; done
  URL="jdbc:h2:tcp://localhost:$H2_PORT/es-$KEYS"
  read -r h2utime h2stime < <(awk '{print $14, $15}' /proc/$h2/stat)
fi
start=$(date +%s%N)
# 2g: the validator's heap in the launcher (local-stack config.Service); at 1g the replay spent 44 s in GC pauses
java -Xmx${HEAP:-2g} -jar target/validator-service.jar --server.port=$PORT --keyledger.validator.management-port=$MPORT \
  --spring.datasource.url="$URL" "${store[@]}" --spring.kafka.bootstrap-servers=localhost:9 \
  > "$DIR/validator.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; kill -INT $h2 2>/dev/null; wait 2>/dev/null' EXIT
until [ "$(curl -s -o /dev/null -w '%{http_code}' localhost:$MPORT/actuator/health/readiness)" = 200 ]; do
  kill -0 $pid 2>/dev/null || { echo "validator died, see $DIR/validator.log"; exit 1; }
  sleep 0.2
done
end=$(date +%s%N)
# CPU the validator used until ready (user + system, all threads): what an idle machine's cores would
# have to deliver, whatever the other processes on this one took from it
read -r utime stime < <(awk '{print $14, $15}' /proc/$pid/stat)
ticks=$(getconf CLK_TCK)
echo "cold start to ready with $KEYS keys: $(( (end - start) / 1000000 )) ms;" \
  "validator CPU $(( (utime + stime) * 1000 / ticks )) ms; load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$h2" ]; then
  read -r utime stime < <(awk '{print $14, $15}' /proc/$h2/stat)
  echo "${STORE:-H2} server CPU meanwhile $(( (utime + stime - h2utime - h2stime) * 1000 / ticks )) ms"
fi
grep -o 'Started ValidatorApplication in [0-9.]* seconds (process running for [0-9.]*)\|[0-9]* events loaded in [0-9]* ms ([0-9]* ms CPU' \
  "$DIR/validator.log" || true
curl -s localhost:$MPORT/actuator/health/readiness; echo
