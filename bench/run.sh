#!/usr/bin/env bash
# Whole-program speed of botdash on the large sample, measured from a pseudo-terminal with
# ../shared/bench/tui_probe.py (or $PROBE), side by side with a baseline program in the same
# run. Prints a Markdown table. Not part of `cargo test`; see BENCHMARKS.md.
#   RUNS=3         runs per scenario (5)
#   ONLY=REGEX     only the scenarios whose names match (the baseline always runs)
#   BEFORE=BINARY  also measures BINARY (an older build) on each scenario, next to this one
set -euo pipefail
cd "$(dirname "$0")/.."

probe=${PROBE:-../shared/bench/tui_probe.py}
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin=target/release/botdash
# The BEFORE build gets the same samples written by itself: an older build refuses a file
# of a newer schema.
for scale in 1 2 4; do
    "$bin" demo --save "$work/large$scale.db" --size large --scale "$scale" >/dev/null
    [[ -z ${BEFORE:-} ]] ||
        "$BEFORE" demo --save "$work/before-large$scale.db" --size large --scale "$scale" >/dev/null
done

# probe NAME MARKER [probe options and keys...] -- COMMAND...
count=0
probe() {
    local name=$1 marker=$2
    shift 2
    count=$((count + 1))
    python3 "$probe" --cols 120 --rows 40 --runs "$runs" --keys 40 --settle 1 --idle 2 \
        --marker "$marker" "$@" > "$work/$count.json"
    printf '%s\t%s\n' "$count" "$name" >> "$work/order"
}

# measure NAME MARKER [probe options and keys...] -- "$bin" ARGS...: this build, and the
# BEFORE build right after it, on the scenarios ONLY selects.
measure() {
    [[ $1 =~ ${ONLY:-.} ]] || return 0
    probe "$@"
    [[ -n ${BEFORE:-} ]] || return 0
    local name=$1 marker=$2 args=()
    shift 2
    while [[ $1 != -- ]]; do args+=("$1"); shift; done
    local command=("${@:3}")
    probe "$name (before)" "$marker" "${args[@]}" -- "$BEFORE" \
        "${command[@]/#"$work/large"/"$work/before-large"}"
}

db="$work/large1.db"
probe baseline MARK --key x --quit-key ctrl-c -- sh -c 'echo MARK; exec cat'
measure "engagements: j/k" Engagements --key j --key k --quit-key q -- "$bin" --db "$db"
measure "largest board: j/k" "To do (" --key j --key k --quit-key q -- "$bin" --db "$db" --open client-01 --screen board
measure "switch screens: Tab" Overview --key '\t' --quit-key q -- "$bin" --db "$db" --open client-01
measure "switch phase: ] [" "To do (" --key ']' --key '[' --quit-key q -- "$bin" --db "$db" --open client-01 --screen board
measure "filter: / w Esc" "To do (" --keys 39 --key / --key w --key esc --quit-key q -- "$bin" --db "$db" --open client-01 --screen board
measure "edit: L / H on a card" "To do (" --key L --key H --quit-key q -- "$bin" --db "$db" --open client-01 --screen board
measure "2x data: j/k" Engagements --key j --key k --quit-key q -- "$bin" --db "$work/large2.db"
measure "4x data: j/k" Engagements --key j --key k --quit-key q -- "$bin" --db "$work/large4.db"

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
print("| scenario | first frame (ms) | key → screen median / p95 (ms) | peak RSS (MB) | idle CPU (%) |")
print("|---|---:|---:|---:|---:|")
for line in open(f"{work}/order").read().splitlines():
    number, name = line.split("\t")
    s = json.load(open(f"{work}/{number}.json"))["summary"]
    if not s["runs_ok"]:
        print(f"| {name} | failed | | | |")
        continue
    print(f"| {name} | {s['first_frame_s_median'] * 1000:.1f} | {s['key_first_ms_median']:.2f} / "
          f"{s['key_first_ms_p95']:.2f} | {s['rss_kb_median'] / 1024:.1f} | {s['idle_cpu_pct_median']:.1f} |")
PY
