#!/usr/bin/env bash
# Outage what-if benchmark: a 5,000-person organisation (the reconciliation benchmark's, with
# contacts and shifts) and a 24-hour outage of a system every service uses; `what_if` run
# RUNS times on one core (taskset -c 0), median printed. Target: under 100 ms.
# Usage: bench/what_if.sh [PEOPLE] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-5000}
runs=${2:-15}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')}
cargo build --release --quiet -p lantern-core --example what_if_bench
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
echo "$(nproc) cores; pinned: ${pin[*]:-no (taskset not found)}"
"${pin[@]}" "$CARGO_TARGET_DIR/release/examples/what_if_bench" "$people" "$runs"
