#!/usr/bin/env python3
"""What waiting for the disk costs a commit: single-row IMMEDIATE transactions on a WAL file
with synchronous=NORMAL and =FULL, alternating, in a temporary folder under DIR (default:
the current one, so the disk measured is the one the databases live on)."""
import os
import sqlite3
import statistics
import sys
import tempfile
import time

ROUNDS, COMMITS = 3, 500


def commits(path, mode):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={mode}")
    conn.execute("CREATE TABLE task (id INTEGER PRIMARY KEY, status TEXT, updated_at TEXT)")
    conn.executemany("INSERT INTO task VALUES (?, 'todo', '')", [(i,) for i in range(1000)])
    times = []
    for i in range(COMMITS):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE task SET status = ?, updated_at = ? WHERE id = ?",
                     ("doing" if i % 2 else "todo", str(i), i % 1000))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    conn.close()
    return times


with tempfile.TemporaryDirectory(dir=sys.argv[1] if len(sys.argv) > 1 else ".") as folder:
    results = {"NORMAL": [], "FULL": []}
    for round_ in range(ROUNDS):
        for mode, times in results.items():
            times += commits(os.path.join(folder, f"{mode}-{round_}.db"), mode)
    for mode, times in results.items():
        times.sort()
        print(f"{mode:6} median {statistics.median(times) * 1e3:.3f} ms  "
              f"p95 {times[int(len(times) * 0.95)] * 1e3:.3f} ms")
