#!/usr/bin/env python3
"""Keeps only the gated metrics in package-benchmark's threshold files.

`swift package benchmark thresholds update` writes every metric's p90; `make bench-check`
gates only the CPU time and the malloc count (the other metrics have no tolerance configured,
see Sources/BenchmarkSupport/Rates.swift), so the rest would only mislead a reader.
Usage: prune-thresholds.py DIR
"""
import json
import pathlib
import sys

GATED = {"CPU time (ns)", "mallocCountTotal"}

for path in sorted(pathlib.Path(sys.argv[1]).glob("*.p90.json")):
    values = json.loads(path.read_text())
    kept = {key: value for key, value in values.items() if key in GATED}
    path.write_text(json.dumps(kept, indent=2, sort_keys=True) + "\n")
