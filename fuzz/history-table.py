#!/usr/bin/env python3
"""The table of docs/robustness.md from build-fuzz/history.tsv: per target, the CPU time all
runs took together, their executions and the crashes found.

usage: history-table.py build-fuzz/history.tsv
"""
import collections
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    seconds = collections.Counter()
    runs = collections.Counter()
    crashes = collections.Counter()
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 5:
                continue
            _, target, secs, execs, found = fields
            seconds[target] += int(secs)
            runs[target] += int(execs)
            crashes[target] += int(found)
    for target in sorted(seconds):
        s = seconds[target]
        print("| `%s` | %d min %02d s | %s | %s |" % (
            target, s // 60, s % 60, format(runs[target], ","),
            "none" if crashes[target] == 0 else "%d crash(es)" % crashes[target]))


if __name__ == "__main__":
    main()
