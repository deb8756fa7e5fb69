#!/usr/bin/env bash
# FHIR NDJSON import benchmark (issue [3]): synthetic files of 10 MB and 100 MB
# (bench/fhir_ndjson.py), each imported RUNS times by the release binary into a copy of the
# same freshly seeded demo organisation; prints MB/s and peak RSS of every run and the medians
# per size. Memory is bounded when the 100 MB file's peak RSS is close to the 10 MB file's.
# Usage: bench/import.sh [RUNS] [SIZES_MB…]   (default: 3 runs of 10 and 100)
set -euo pipefail
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
cd "$(dirname "$0")/.."
runs=${1:-3}
[ $# -gt 0 ] && shift
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(10 100); fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/lantern-target}
cargo build --release --bin lantern -q
bin="$CARGO_TARGET_DIR/release/lantern"
work=$(mktemp -d /tmp/lantern-import-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
LANTERN_LOG=warn "$bin" demo --seed-only --data "$work/seed" >/dev/null
echo "$(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
summary=()
for size in "${sizes[@]}"; do
  file="$work/b$size.ndjson"
  python3 bench/fhir_ndjson.py "$file" "$size"
  bytes=$(stat -c %s "$file")
  rates=(); rss=()
  for run in $(seq 1 "$runs"); do
    rm -rf "$work/data" && cp -r "$work/seed" "$work/data"
    /usr/bin/time -f '%e %M %U %S' -o "$work/time" env LANTERN_LOG=warn \
      "$bin" import fhir "$file" --service "Riverside House" --data "$work/data" >"$work/log" 2>&1 \
      || { cat "$work/log" >&2; exit 1; }
    read -r seconds kb user sys <"$work/time"
    rate=$(python3 -c "print(round($bytes / 1048576 / $seconds, 1))")
    cpu=$(python3 -c "print(round($user + $sys, 2))")
    mb=$((kb / 1024))
    echo "  ${size} MB run $run: ${seconds}s = $rate MB/s (${cpu}s CPU), peak RSS $mb MB ($(grep -o 'new: .*' "$work/log"))"
    rates+=("$rate"); rss+=("$mb")
  done
  summary+=("${size} MB: median $(median "${rates[@]}") MB/s, peak RSS $(median "${rss[@]}") MB")
done
printf '%s\n' "${summary[@]}"
