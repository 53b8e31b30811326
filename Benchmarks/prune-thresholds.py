#!/usr/bin/env python3
"""Keeps only the gated metrics in package-benchmark's threshold files.

`swift package benchmark thresholds update` writes every metric's p90; `make bench-check`
gates only the CPU time and the malloc count (the other metrics have no tolerance configured,
see Sources/BenchmarkSupport/Rates.swift), so the rest would only mislead a reader.
The files of ungated benchmarks (`Rates.configuration(gated: false)`, listed in UNGATED) are
deleted: `thresholds update` writes them even for benchmarks `--skip` leaves out.
Usage: prune-thresholds.py DIR
"""
import json
import pathlib
import sys

GATED = {"CPU time (ns)", "mallocCountTotal"}
# File name prefixes (target.benchmark name, spaces as underscores) of the ungated benchmarks.
UNGATED = ("ParquetDecode.memory:_sum_32_Mi",)

for path in sorted(pathlib.Path(sys.argv[1]).glob("*.p90.json")):
    if path.name.startswith(UNGATED):
        path.unlink()
        continue
    values = json.loads(path.read_text())
    kept = {key: value for key, value in values.items() if key in GATED}
    path.write_text(json.dumps(kept, indent=2, sort_keys=True) + "\n")
