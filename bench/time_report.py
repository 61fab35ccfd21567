#!/usr/bin/env python3
"""One line of figures from a `/usr/bin/time -v` log, for the bench scripts.

    time_report.py LABEL TIME_LOG PACKAGES CONCURRENCY

Prints wall time, packages per second, CPU (user + sys of the timed process
only), CPU milliseconds per package and the maximum resident set size.
"""
import re
import sys

label, path, packages, conc = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
text = open(path).read()


def field(name):
    return re.search(re.escape(name) + r": (.*)", text).group(1).strip()


user, system = float(field("User time (seconds)")), float(field("System time (seconds)"))
wall = 0.0
for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
    wall = wall * 60 + float(part)
rss = int(field("Maximum resident set size (kbytes)")) // 1024
cpu = user + system
print(f"{label}: {packages} packages, concurrency {conc}: wall {wall:.1f} s, "
      f"{packages / max(wall, 0.001):.0f} packages/s, CPU {cpu:.1f} s (user {user:.1f} + sys {system:.1f}), "
      f"{cpu * 1000 / max(packages, 1):.3f} ms CPU/package, max RSS {rss} MiB")
