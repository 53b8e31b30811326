#!/usr/bin/env python3
"""`make bench`: lake against its peers, one run, the same files.

    python bench/run.py [--quick] [--rounds N] [--threads 1,2] [--only REGEX] [--engines a,b]

Generates the data once (bench/data/), then for every case (workloads.py) and thread count
runs each engine in a fresh process per round, engines alternating (round r starts with the
r-th engine), with the page cache warmed first and the CPU affinity of every process pinned to
the same number of cores. Each process times its own measured region (lake through the
in-process driver lake-bench, peers through peers.py) and reports its peak RSS. Results are
checked equal across engines before a time counts. Writes bench/results.md, bench/results.json
and bench/ratios.png.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import datagen  # noqa: E402
import report  # noqa: E402
from workloads import ENGINES, Case, cases, lake_args, peer_task  # noqa: E402

ROOT = HERE.parent
REL_TOL = 1e-9


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Result checks


def same(a, b) -> bool:
    """Equal results: numbers within a relative 1e-9 (integers exactly), containers elementwise."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        return abs(a - b) <= REL_TOL * max(abs(a), abs(b), 1e-300) or a == b
    if isinstance(a, str) and isinstance(b, str):
        try:  # lake prints a double's shortest text; peers print JSON numbers
            return same(float(a), float(b))
        except ValueError:
            return a == b
    if isinstance(a, str) or isinstance(b, str):
        try:
            x, y = float(a), float(b)
        except (TypeError, ValueError):
            return False
        # A decimal printed with k fractional digits (lake's avg is decimal(p, s+4), as Spark's)
        # against a peer's double: equal when the double rounds to it.
        text = a if isinstance(a, str) else b
        if "." in text and "e" not in text.lower():
            digits = len(text) - text.index(".") - 1
            if abs(x - y) <= 0.5 * 10.0 ** -digits * (1 + 1e-9):
                return True
        return same(x, y)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def consensus(results: dict[str, object]) -> object | None:
    """The value most engines agree on (ties: the first engine's in ENGINES order)."""
    best, votes = None, 0
    for e in sorted(results, key=ENGINES.index):
        v = results[e]
        n = sum(1 for x in results.values() if same(v, x))
        if n > votes:
            best, votes = v, n
    return best


# ---------------------------------------------------------------------------------------------
# Processes


def warm(paths: list[Path]) -> None:
    """Reads every file under `paths` once, so every engine starts with a warm page cache."""
    for p in paths:
        files = [p] if p.is_file() else [f for f in p.rglob("*") if f.is_file()]
        for f in files:
            with open(f, "rb") as fh:
                while fh.read(1 << 22):
                    pass


def cpus_for(threads: int) -> set[int]:
    avail = sorted(os.sched_getaffinity(0))
    return set(avail[:threads])


def run_process(cmd: list[str], threads: int, env_extra: dict[str, str], timeout: float) -> tuple[dict | None, str]:
    """Runs one measurement process pinned to `threads` CPUs; its JSON line, or None and why."""
    cpus = cpus_for(threads)
    env = {**os.environ, **env_extra}
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env,
                           preexec_fn=lambda: os.sched_setaffinity(0, cpus))
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout:.0f}s"
    lines = [line for line in p.stdout.splitlines() if line.startswith("{")]
    if p.returncode != 0 and lines:
        rec = json.loads(lines[-1])
        rec.setdefault("extra", {})["exit"] = f"exited with {p.returncode} after reporting"
        return rec, ""
    if p.returncode != 0 or not lines:
        tail = (p.stderr.strip().splitlines() or ["(no output)"])[-1]
        return None, f"exit {p.returncode}: {tail[:300]}"
    return json.loads(lines[-1]), ""


def thread_env(threads: int) -> dict[str, str]:
    n = str(threads)
    # Set before the peer imports anything: Polars reads POLARS_MAX_THREADS once, at import.
    return {"POLARS_MAX_THREADS": n, "RAYON_NUM_THREADS": n, "OMP_NUM_THREADS": n, "TOKIO_WORKER_THREADS": n,
            "DATAFUSION_EXECUTION_TARGET_PARTITIONS": n, "PYTHONWARNINGS": "ignore"}


def delta_row_count(path: Path) -> int | None:
    """Rows of a written table, read back by delta-rs (also proves delta-rs can read it)."""
    try:
        from deltalake import DeltaTable
        return DeltaTable(str(path)).count()
    except Exception as e:  # reported as a mismatch by the caller
        log(f"  cannot read back {path}: {e}")
        return None


# ---------------------------------------------------------------------------------------------
# The run


def measure(case: Case, engine: str, threads: int, args, scratch: Path, rnd: int) -> dict:
    out_dir = scratch / f"{case.workload}-{engine}-t{threads}-r{rnd}" if case.writes else None
    if out_dir is not None:
        shutil.rmtree(out_dir, ignore_errors=True)
        if "copy_from" in case.params:  # maintenance workloads change a copy of their input table
            shutil.copytree(case.params["copy_from"], out_dir)
            warm([out_dir])
    if engine == "lake":
        cmd = [str(args.lake_bench)] + lake_args(case, threads, out_dir)
    else:
        cmd = [sys.executable, str(HERE / "peers.py"), json.dumps(peer_task(case, engine, threads, out_dir))]
    rec, err = run_process(cmd, threads, thread_env(threads), args.timeout)
    if rec is None:
        return {"engine": engine, "error": err}
    if case.writes and "unsupported" not in rec:
        rec.setdefault("extra", {})["table_mb"] = round(datagen.size_of(out_dir) / 1e6, 1) if out_dir.exists() else None
        if case.workload != "appends":  # appends report version and rows themselves
            rec["engine_rows"] = rec.get("result")
            rec["result"] = delta_row_count(out_dir / case.table if case.table else out_dir)
        shutil.rmtree(out_dir, ignore_errors=True)
    return rec


def run_case(case: Case, threads: int, args, scratch: Path) -> dict:
    """All rounds of all engines for one case at one thread count."""
    engines = [e for e in case.engines if e in args.engines]
    warm(case.warm)
    per: dict[str, dict] = {e: {"engine": e, "seconds": [], "results": [], "rss": [], "start_rss": [],
                                "extra": {}} for e in engines}
    active = list(engines)
    for rnd in range(args.rounds):
        order = active[rnd % len(active):] + active[:rnd % len(active)] if active else []
        for engine in order:
            rec = measure(case, engine, threads, args, scratch, rnd)
            slot = per[engine]
            if "unsupported" in rec:
                slot["gap"] = rec["unsupported"]
            elif "error" in rec:
                slot["error"] = rec["error"]
                log(f"  !! {engine}: {rec['error']}")
            else:
                slot["seconds"].append(rec["seconds"])
                slot["results"].append(rec.get("result"))
                slot["rss"].append(rec.get("peak_rss_kb"))
                slot["start_rss"].append(rec.get("start_rss_kb"))
                slot["extra"] = rec.get("extra") or {}
                slot["effective_threads"] = rec.get("effective_threads", threads)
            if "gap" in slot or "error" in slot:
                active.remove(engine)
    # Check results: every round of every engine against the known answer or the consensus.
    finals = {e: s["results"][0] for e, s in per.items() if s["results"]}
    reference = case.expected if case.expected is not None else consensus(finals)
    for e, s in per.items():
        bad = [r for r in s["results"] if not same(r, reference)]
        if bad:
            s["mismatch"] = {"got": bad[0], "expected": reference}
            log(f"  !! RESULT MISMATCH {case.key} [{threads}T] {e}: got {str(bad[0])[:200]} "
                f"expected {str(reference)[:200]} -- its time is not counted")
    for s in per.values():
        t = s["seconds"]
        if t:
            s["median"], s["min"], s["max"] = statistics.median(t), min(t), max(t)
            s["peak_rss_kb"] = max(x for x in s["rss"] if x is not None) if any(s["rss"]) else None
            starts = [x for x in s["start_rss"] if x is not None]
            s["start_rss_kb"] = min(starts) if starts else None
    return {"case": case.key, "workload": case.workload, "source": case.source, "note": case.note,
            "threads": threads, "reference": reference, "engines": per}


def timed_command(cmd: list[str], cpus: set[int]) -> tuple[float, int, int, str]:
    """Runs `cmd` pinned to `cpus`: wall seconds from spawn to exit, its peak RSS in KiB, exit
    status and stderr. The peak is VmHWM sampled every 2 ms from /proc (ru_maxrss of a child
    would include the harness's own memory, which fork copies before exec)."""
    import tempfile
    import threading

    peak = [0]
    stop = threading.Event()
    with tempfile.TemporaryFile() as errf:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errf,
                                preexec_fn=lambda: os.sched_setaffinity(0, cpus))

        def sample() -> None:
            status = f"/proc/{proc.pid}/status"
            while not stop.is_set():
                try:
                    with open(status) as f:
                        for line in f:
                            if line.startswith("VmHWM:"):
                                peak[0] = max(peak[0], int(line.split()[1]))
                except (OSError, ValueError):
                    pass
                stop.wait(0.002)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = proc.wait()
        elapsed = time.perf_counter() - t0
        stop.set()
        sampler.join()
        errf.seek(0)
        err = errf.read().decode(errors="replace")
    return elapsed, peak[0], code, err


def cli_end_to_end(ds, args, scratch: Path) -> list[dict]:
    """`lake` itself, timed from outside: process start-up, argument parsing, output included."""
    runs = [
        ("lake write TABLE orders.parquet", ["write", "{out}", str(ds.orders_parquet), "--mode", "error"],
         "bulk-write · orders.parquet", ds.orders_parquet),
        ("lake write TABLE orders.csv", ["write", "{out}", str(ds.orders_csv), "--mode", "error"],
         "ingest-csv · orders.csv", ds.orders_csv),
        ("lake cat orders_delta_rs --columns o_amount --format csv > /dev/null",
         ["cat", str(ds.orders_delta_rs), "--columns", "o_amount", "--format", "csv"], None, ds.orders_delta_rs),
    ]
    out = []
    for label, argv, in_process, warm_path in runs:
        warm([warm_path])
        times, rss = [], []
        for rnd in range(args.rounds):
            target = scratch / f"cli-{rnd}"
            shutil.rmtree(target, ignore_errors=True)
            cmd = [str(args.lake)] + [a.replace("{out}", str(target)) for a in argv]
            elapsed, peak_kb, code, err = timed_command(cmd, cpus_for(1))
            if code != 0:
                log(f"  !! {label}: exit {code}: {err.strip()[-300:]}")
                break
            times.append(elapsed)
            rss.append(peak_kb)
            shutil.rmtree(target, ignore_errors=True)
        if times:
            out.append({"label": label, "in_process": in_process, "median": statistics.median(times),
                        "min": min(times), "max": max(times), "peak_rss_kb": max(rss)})
            log(f"  CLI {label}: median {statistics.median(times):.3f}s")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small data, one round: a smoke run")
    ap.add_argument("--rounds", type=int, help="rounds per engine (default 3; 1 with --quick)")
    ap.add_argument("--threads", default="1,2", help="thread counts, comma-separated")
    ap.add_argument("--only", help="run only cases whose 'workload · source' matches this regex")
    ap.add_argument("--engines", default=",".join(ENGINES), help="engines to run, comma-separated")
    ap.add_argument("--data", default=str(HERE / "data"), help="where the data is generated")
    ap.add_argument("--lake", default=str(ROOT / ".build/release/lake"))
    ap.add_argument("--lake-bench", default=str(ROOT / ".build/release/lake-bench"))
    ap.add_argument("--out", default=None, help="results directory (default: bench/, or bench/data/quick-results with --quick)")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds before one measurement is abandoned")
    ap.add_argument("--no-cli", action="store_true", help="skip the CLI end-to-end timings")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite results.md and ratios.png from the results.json already there")
    args = ap.parse_args()
    if args.report_only:
        out_dir = Path(args.out) if args.out else (HERE / "data" / "quick-results" if args.quick else HERE)
        saved = json.loads((out_dir / "results.json").read_text())
        report.write_markdown(out_dir / "results.md", saved["meta"], saved["records"], saved["cli"])
        report.write_chart(out_dir / "ratios.png", saved["records"])
        return 0
    args.rounds = args.rounds or (1 if args.quick else 3)
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    args.lake, args.lake_bench = Path(args.lake), Path(args.lake_bench)
    threads_list = [int(x) for x in args.threads.split(",")]
    for exe in (args.lake, args.lake_bench):
        if not exe.exists():
            log(f"{exe} is missing: build it with `swift build -c release --product {exe.name}` (make bench does)")
            return 1
    out_dir = Path(args.out) if args.out else (HERE / "data" / "quick-results" if args.quick else HERE)
    out_dir.mkdir(parents=True, exist_ok=True)

    started = time.time()
    machine = report.machine_description()
    load_start = os.getloadavg()
    scale = datagen.QUICK if args.quick else datagen.FULL
    log(f"== data ({scale.name})")
    ds = datagen.ensure(Path(args.data), scale, args.lake)
    data_seconds = time.time() - started
    scratch = Path(args.data) / scale.name / "scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)

    selected = [c for c in cases(ds) if not args.only or re.search(args.only, c.key)]
    records = []
    for case in selected:
        for threads in threads_list:
            t0 = time.time()
            rec = run_case(case, threads, args, scratch)
            records.append(rec)
            summary = ", ".join(
                f"{e} {s['median']:.3f}s" if "median" in s else f"{e} " + ("gap" if "gap" in s else "error")
                for e, s in rec["engines"].items())
            log(f"== {case.key} [{threads}T] ({time.time() - t0:.0f}s): {summary}")
    cli = [] if args.no_cli else cli_end_to_end(ds, args, scratch)
    shutil.rmtree(scratch, ignore_errors=True)

    total = time.time() - started
    meta = {"machine": machine, "date": time.strftime("%Y-%m-%d %H:%M %Z"), "scale": scale.name,
            "rounds": args.rounds, "threads": threads_list, "load_start": load_start, "load_end": os.getloadavg(),
            "seconds_total": total, "seconds_data": data_seconds, "versions": report.versions(args.lake),
            "data": report.data_description(ds)}
    (out_dir / "results.json").write_text(json.dumps({"meta": meta, "records": records, "cli": cli}, indent=1,
                                                     default=str))
    report.write_markdown(out_dir / "results.md", meta, records, cli)
    report.write_chart(out_dir / "ratios.png", records)
    log(f"== done in {total / 60:.1f} min: {out_dir / 'results.md'}, {out_dir / 'ratios.png'}")
    mismatches = [(r["case"], r["threads"], e) for r in records for e, s in r["engines"].items() if "mismatch" in s]
    if mismatches:
        log(f"!! {len(mismatches)} result mismatch(es): {mismatches}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
