#!/usr/bin/env bash
# Create-key throughput on H2 and on PostgreSQL in the same run, one after the other (same arguments).
# usage: command-service/bench/create-key-stores.sh [requests=4000] [clients=1,16] [warmup=2000]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
for store in h2 postgres; do
  STORE=$store bash command-service/bench/create-key-bench.sh "$@"
done
