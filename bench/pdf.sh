#!/usr/bin/env bash
# What the PDF report costs at run time: the median wall time of `botdash report` writing the
# same report as HTML and as PDF (so opening and reading the database, which both do, is seen
# in the HTML's figure), and the files' sizes. Not part of `cargo test`; see BENCHMARKS.md.
#   RUNS=21   runs per format
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin=target/release/botdash
"$bin" demo --save "$work/demo.db" >/dev/null
"$bin" demo --save "$work/large.db" --size large >/dev/null

# median_ms DB SLUG FORMAT: the median of $runs runs, in milliseconds.
median_ms() {
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        "$bin" --db "$1" report "$2" --format "$3" -o "$work/out.$3" >/dev/null
        end=$(date +%s%N)
        echo $(((end - start) / 1000))
    done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
}

echo "| data | format | median (ms) | file (KB) | pages |"
echo "|---|---|---:|---:|---:|"
for case in "demo.db stadtwerke-billing" "large.db client-01"; do
    read -r db slug <<< "$case"
    for format in html pdf; do
        ms=$(median_ms "$work/$db" "$slug" "$format")
        kb=$(( $(stat -c %s "$work/out.$format") / 1024 ))
        pages=$([ "$format" = pdf ] && grep -ac '/Type /Page$' "$work/out.pdf" || echo "–")
        echo "| $db $slug | $format | $ms | $kb | $pages |"
    done
done
