#!/usr/bin/env bash
# What a ticket import costs: the wall time of `botdash tickets import` reading a generated
# export of TICKETS tickets into an engagement without any, then the same file again
# (nothing changed: nothing may be written), then the file with CHANGED tickets resolved
# since. Not part of `cargo test`; see BENCHMARKS.md.
#   TICKETS=100000  tickets in the export (the most one file may hold)
#   CHANGED=10      tickets the third file resolves
#   BIN=PATH        measure this binary instead of a fresh release build
set -euo pipefail
cd "$(dirname "$0")/.."

tickets=${TICKETS:-100000}
changed=${CHANGED:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ -z ${BIN:-} ]]; then
    cargo build --release --quiet
fi
bin=${BIN:-target/release/botdash}
"$bin" demo --save "$work/demo.db" >/dev/null

# export FILE CHANGED: $tickets tickets over the year before 2026-01-01, the last CHANGED of
# the open ones resolved.
export_csv() {
    python3 - "$tickets" "$2" > "$1" <<'PY'
import datetime, sys
count, changed = int(sys.argv[1]), int(sys.argv[2])
start = datetime.date(2025, 1, 1)
print("number,opened_at,resolved_at,priority,resolved by,made_sla")
for n in range(count):
    opened = start + datetime.timedelta(days=n % 360)
    is_open = n % 50 == 0 and n < count - 50 * changed
    resolved = "" if is_open else str(opened + datetime.timedelta(days=n % 5))
    by = "" if is_open else ("client" if n % 3 else "contractor")
    sla = "" if is_open else ("true" if n % 7 else "false")
    kind = ("INC", "CHG", "RITM")[n % 3]
    print(f"{kind}{n:07d},{opened},{resolved},{n % 4 + 1},{by},{sla}")
PY
}
export_csv "$work/first.csv" 0
export_csv "$work/changed.csv" "$changed"

# timed NAME FILE: one import, its wall time and what it says.
timed() {
    local start end said
    start=$(date +%s%N)
    said=$("$bin" --db "$work/demo.db" tickets import nordwind-fleet "$2")
    end=$(date +%s%N)
    printf '| %s | %.2f | %s |\n' "$1" "$(((end - start) / 1000000))e-3" "$said"
}

echo "| import of $tickets tickets | wall time (s) | botdash says |"
echo "|---|---:|---|"
timed "first" "$work/first.csv"
timed "again, unchanged" "$work/first.csv"
timed "again, $changed resolved since" "$work/changed.csv"
