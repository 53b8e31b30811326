#!/usr/bin/env python3
"""Keeps only the gated metrics in package-benchmark's threshold files.

`swift package benchmark thresholds update` writes every metric's p90; `make bench-check`
gates only the CPU time and the malloc count (the other metrics have no tolerance configured,
see Sources/BenchmarkSupport/Rates.swift), so the rest would only mislead a reader.
The files of ungated benchmarks (`Rates.configuration(gated: false)`, listed in UNGATED) are
deleted: `thresholds update` writes them even for benchmarks `--skip` leaves out.
The files are renamed to the benchmarks' real names: package-benchmark 1.x writes
`Target.name.p90.json` with the name's spaces (and slashes) turned into underscores, but
`thresholds check` looks for the name as it is, so it would find none. Benchmark names must
therefore contain neither "_" nor "/".
Usage: prune-thresholds.py DIR
"""
import json
import pathlib
import sys

GATED = {"CPU time (ns)", "mallocCountTotal"}
# File name prefixes (target.benchmark name, spaces as underscores) of the ungated benchmarks.
UNGATED = ("ParquetDecode.memory:_sum_32_Mi",)
# File name prefixes of the benchmarks gated on their malloc count only (`cpuTimeGated: false`):
# all of ParquetEncode, and ColumnCase.copyBound's decode cases.
MALLOCS_ONLY = ("ParquetEncode.",)
MALLOCS_ONLY_FILES = {"ParquetDecode.decode_INT64_PLAIN.p90.json", "ParquetDecode.decode_DOUBLE_PLAIN.p90.json"}

for path in sorted(pathlib.Path(sys.argv[1]).glob("*.p90.json")):
    if path.name.replace(" ", "_").startswith(UNGATED):
        path.unlink()
        continue
    values = json.loads(path.read_text())
    name = path.name.replace(" ", "_")
    mallocs_only = name.startswith(MALLOCS_ONLY) or name in MALLOCS_ONLY_FILES
    gated = {"mallocCountTotal"} if mallocs_only else GATED
    kept = {key: value for key, value in values.items() if key in gated}
    real = path.with_name(path.name.replace("_", " "))
    real.write_text(json.dumps(kept, indent=2, sort_keys=True) + "\n")
    if real != path:
        path.unlink()
