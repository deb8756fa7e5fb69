#!/usr/bin/env bash
# Reconciliation benchmark: a synthetic 24-hour outage for PEOPLE people in home care
# (~30 due doses and visits each), `reconcile` run RUNS times on one core (taskset -c 0);
# prints the median, the event count and events/s. Target: under 150 ms for 5,000 people.
# Usage: bench/reconcile.sh [PEOPLE] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-5000}
runs=${2:-15}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')}
cargo build --release --quiet -p lantern-core --example reconcile_bench
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
echo "$(nproc) cores; pinned: ${pin[*]:-no (taskset not found)}"
"${pin[@]}" "$CARGO_TARGET_DIR/release/examples/reconcile_bench" "$people" "$runs"
