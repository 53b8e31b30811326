"""The benchmark matrix: which workload runs on which data with which engines.

A Case is one workload on one input. Every engine listed runs it; an engine that cannot (DuckDB
without its delta extension, delta-rs on a bare Parquet file) answers "unsupported", which the
report lists as a gap rather than a failure. Adding a workload: a Case here, the engine code in
peers.py (Python peers) and in Sources/LakeBench (lake).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from datagen import DataSet

PEERS = ["duckdb", "polars", "pyarrow", "deltalake"]
ENGINES = ["lake"] + PEERS

# A selective filter: about 1% of the rows (o_amount is uniform on [0, 1000)).
PREDICATE = ("o_amount", ">", 990.0)


@dataclass
class Case:
    """One workload on one input."""

    workload: str                 # the name lake-bench and peers.py know
    source: str                   # what is read: "orders.parquet", "orders_delta_rs", ... or "new table"
    engines: list[str]
    params: dict = field(default_factory=dict)
    writes: bool = False          # produces a table (each round gets a fresh output directory)
    expected: object = None       # the known right answer, when there is one
    warm: list[Path] = field(default_factory=list)  # files read into the page cache first
    note: str = ""
    table: str = ""               # where the written table is inside the output directory ("" = the directory)

    @property
    def key(self) -> str:
        return f"{self.workload} · {self.source}"

    @property
    def source_kind(self) -> str:
        if self.source.endswith(".parquet"):
            return "parquet"
        return "none" if self.source == "new table" else "delta"


def cases(ds: DataSet) -> list[Case]:
    s = ds.scale
    orders = {"orders.parquet": ds.orders_parquet, "orders_delta_rs": ds.orders_delta_rs,
              "orders_delta_lake": ds.orders_delta_lake}
    out: list[Case] = []

    def read_engines(source: str) -> list[str]:
        # delta-rs reads Delta tables only; the others read both.
        return ["lake", "duckdb", "polars", "pyarrow"] + ([] if source.endswith(".parquet") else ["deltalake"])

    for name in ("orders.parquet", "orders_delta_rs", "orders_delta_lake"):
        out.append(Case("sum-double", name, read_engines(name), {"path": str(orders[name]), "column": "o_amount"},
                        warm=[orders[name]], note="sum(o_amount)"))
    for name in ("orders.parquet", "orders_delta_rs"):
        out.append(Case("count-filter", name, read_engines(name),
                        {"path": str(orders[name]), "predicate": list(PREDICATE)}, warm=[orders[name]],
                        note="count(*) WHERE o_amount > 990.0 (about 1% of rows)"))
    out.append(Case("group-by", "orders.parquet", ["lake", "duckdb", "polars", "pyarrow"],
                    {"query": "group_by", "tables": {"orders": str(ds.orders_parquet)}}, warm=[ds.orders_parquet],
                    note="count(*), sum(o_amount) GROUP BY o_status (5 groups)"))
    for name in ("orders.parquet", "orders_delta_rs", "orders_delta_lake"):
        out.append(Case("full-decode", name, read_engines(name), {"path": str(orders[name])}, warm=[orders[name]],
                        note="every column of every row decoded"))
    out.append(Case("full-decode", "lineitem.parquet", read_engines("lineitem.parquet"),
                    {"path": str(ds.lineitem_parquet)}, warm=[ds.lineitem_parquet],
                    note=f"TPC-H lineitem SF {s.tpch_sf}: decimals, dates, strings"))
    for q in ("tpch-q1", "tpch-q6"):
        out.append(Case(q, "lineitem.parquet", ["lake", "duckdb", "polars", "pyarrow"],
                        {"query": q.replace("-", "_"), "tables": {"lineitem": str(ds.lineitem_parquet)}},
                        warm=[ds.lineitem_parquet], note=f"TPC-H SF {s.tpch_sf}"))
    for name, path in (("log_ckpt", ds.log_ckpt), ("log_nockpt", ds.log_nockpt)):
        out.append(Case("snapshot-open", name, ["lake", "deltalake", "duckdb"], {"path": str(path)},
                        expected={"version": s.log_commits - 1, "files": s.log_commits}, warm=[path],
                        note=f"{s.log_commits} one-row commits, "
                             + ("checkpoint every %d commits" % s.checkpoint_interval if name == "log_ckpt"
                                else "no checkpoint")))
    appends, rows = (200, 10)
    out.append(Case("appends", "new table", ["lake", "deltalake"],
                    {"count": appends, "rows": rows, "checkpoint_interval": s.checkpoint_interval}, writes=True,
                    expected={"version": appends - 1, "rows": appends * rows},
                    note=f"{appends} commits of {rows} rows to a new table "
                         f"(delta.checkpointInterval = {s.checkpoint_interval})"))
    out.append(Case("bulk-write", "orders.parquet", ["lake", "deltalake", "polars"],
                    {"input": str(ds.orders_parquet)}, writes=True, expected=s.orders_rows, warm=[ds.orders_parquet],
                    note="Parquet file -> new Delta table, ZSTD"))
    out.append(Case("ingest-csv", "orders.csv", ["lake", "deltalake", "polars"], {"input": str(ds.orders_csv)},
                    writes=True, expected=s.text_rows, warm=[ds.orders_csv],
                    note="CSV with type inference -> new Delta table, ZSTD"))
    out.append(Case("ingest-jsonl", "orders.jsonl", ["lake", "deltalake", "polars"], {"input": str(ds.orders_jsonl)},
                    writes=True, expected=s.text_rows, warm=[ds.orders_jsonl],
                    note="JSON lines with type inference -> new Delta table, ZSTD"))
    # The same loads through a pipeline: a landing directory ingested into a bronze streaming table
    # (file discovery, checkpoint, inference, _rescued_data/_source_file/_ingested_at columns, one
    # commit with its txn). delta-rs + pyarrow do the same load: read the file, add the same three
    # columns, write a new table.
    for workload, source, path in (("pipeline-ingest-csv", "orders.csv", ds.orders_csv),
                                   ("pipeline-ingest-jsonl", "orders.jsonl", ds.orders_jsonl)):
        out.append(Case(workload, source, ["lake", "deltalake"], {"input": str(path)}, writes=True,
                        expected=s.text_rows, warm=[path], table="bronze/orders",
                        note="landing file -> bronze streaming table (metadata columns, checkpointed), ZSTD"))
    n = ds.small_file_count
    out.append(Case("optimize", "small_files", ["lake", "deltalake"],
                    {"copy_from": str(ds.small_files), "files": n}, writes=True, expected=n * ds.SMALL_FILE_ROWS,
                    warm=[ds.small_files],
                    note=f"OPTIMIZE (bin-packing) of {n:,} small files of {ds.SMALL_FILE_ROWS:,} orders rows into one "
                         "file, ZSTD; each round on a fresh copy of the table"))
    # Row-level DML on a copy of the delta-rs table (the harness copies it before each round,
    # outside the measured region); the result checked is the row count delta-rs reads afterwards.
    out.append(Case("merge", "orders_delta_rs", ["lake", "deltalake"],
                    {"copy_from": str(ds.orders_delta_rs), "input": str(ds.merge_source)}, writes=True,
                    expected=s.orders_rows + s.orders_rows // 1000, warm=[ds.orders_delta_rs, ds.merge_source],
                    note="MERGE ON o_id: UPDATE SET * for 1% of the rows (spread over every file), "
                         "INSERT * for 0.1% new rows"))
    out.append(Case("delete", "orders_delta_rs", ["lake", "deltalake"],
                    {"copy_from": str(ds.orders_delta_rs), "predicate": list(PREDICATE)}, writes=True,
                    warm=[ds.orders_delta_rs],
                    note="DELETE WHERE o_amount > 990.0 (about 1% of rows, spread over every file)"))
    return out


def lake_args(case: Case, threads: int, out_dir: Path | None) -> list[str]:
    """lake-bench's command line for a case."""
    p = case.params
    args = [case.workload, "--threads", str(threads)]
    if "path" in p:
        args += ["--path", p["path"]]
    if "column" in p:
        args += ["--column", p["column"]]
    if "predicate" in p:
        col, op, val = p["predicate"]
        args += ["--predicate", f"{col} {op} {val!r}"]
    if "query" in p:
        args += ["--query", str(Path(__file__).parent / "queries" / f"{p['query']}.sql")]
        for name, path in p["tables"].items():
            args += ["--table", f"{name}={path}"]
    if "input" in p:
        args += ["--input", p["input"]]
    if case.workload == "appends":
        args += ["--count", str(p["count"]), "--rows", str(p["rows"]),
                 "--checkpoint-interval", str(p["checkpoint_interval"])]
    if out_dir is not None:
        args += ["--path", str(out_dir)]
    return args


def peer_task(case: Case, engine: str, threads: int, out_dir: Path | None) -> dict:
    """peers.py's task for a case."""
    t = {"engine": engine, "workload": case.workload, "threads": threads, "source": case.source_kind, **case.params}
    if out_dir is not None:
        t["out"] = str(out_dir / case.table) if case.table else str(out_dir)
    return t
