#!/usr/bin/env bash
# Pack building benchmark: the demo organisation scaled to SERVICES × PEOPLE, every pack
# built RUNS times with the release binary; prints pages/s and peak RSS of each run and the
# medians. Usage: bench/packs.sh [SERVICES] [PEOPLE] [RUNS]
set -euo pipefail
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
cd "$(dirname "$0")/.."
services=${1:-100}
people=${2:-30}
runs=${3:-3}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/lantern-target}
cargo build --release --bin lantern >/dev/null
bin="$CARGO_TARGET_DIR/release/lantern"
work=$(mktemp -d /tmp/lantern-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
LANTERN_LOG=warn "$bin" demo --seed-only --data "$work/data" --services "$services" --people-per-service "$people" >/dev/null
echo "organisation: $services services x $people people; $(nproc) cores"
rates=(); rss=()
for run in $(seq 1 "$runs"); do
  out="$work/out$run"
  /usr/bin/time -f '%e %M' -o "$work/time" env LANTERN_LOG=warn "$bin" pack build --all --data "$work/data" --out "$out" >"$work/log" 2>&1
  read -r seconds kb <"$work/time"
  pages=$(grep -o '([0-9]* pages)' "$work/log" | tr -dc '0-9')
  rate=$(python3 -c "print(round($pages / $seconds))")
  mb=$((kb / 1024))
  echo "run $run: $pages pages in ${seconds}s = $rate pages/s, peak RSS $mb MB"
  rates+=("$rate"); rss+=("$mb")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median: $(median "${rates[@]}") pages/s, peak RSS $(median "${rss[@]}") MB"
