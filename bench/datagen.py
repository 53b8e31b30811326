"""Benchmark data, generated once into bench/data/<scale>/ and reused while its stamp matches.

Everything is deterministic (fixed seeds, pyarrow's seeded random generator; numpy is not
needed):

- orders.parquet       the orders table (int64, timestamp, int32, double, two low-cardinality
                       strings), written by pyarrow with ZSTD in fixed-size row groups
- orders_delta_rs/     the same rows as a Delta table written by delta-rs (ZSTD)
- orders_delta_lake/   the same rows as a Delta table written by `lake write`
- orders.csv / .jsonl  the first rows of orders as text, for the ingestion workloads
- lineitem.parquet     TPC-H lineitem from tpchgen-cli
- log_ckpt/            a table with many one-row commits and checkpoints (delta-rs)
- log_nockpt/          the same log with the checkpoints removed
- merge_source.parquet the MERGE workload's source: 1% of the orders (every o_id ≡ 7 mod 100)
                       with new values, plus 0.1% new o_ids after the last one
- small_files/         orders rows as 1,000 small files (1,000 rows each) in one Delta commit,
                       for OPTIMIZE (100 files in the quick run)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

GENERATOR_VERSION = 3  # bump to force regeneration when the data's definition changes


@dataclass(frozen=True)
class Scale:
    """How big the data is: the full benchmark or the quick smoke run."""

    name: str
    orders_rows: int
    row_group_rows: int
    text_rows: int
    tpch_sf: str
    log_commits: int
    checkpoint_interval: int


FULL = Scale("full", 10_000_000, 1_000_000, 2_000_000, "1", 1000, 10)
QUICK = Scale("quick", 200_000, 50_000, 50_000, "0.01", 60, 10)

STATUSES = ["delivered"] * 50 + ["shipped"] * 25 + ["pending"] * 15 + ["returned"] * 7 + ["cancelled"] * 3
REGIONS = [
    "ALGERIA", "ARGENTINA", "BRAZIL", "CANADA", "EGYPT", "ETHIOPIA", "FRANCE", "GERMANY", "INDIA",
    "INDONESIA", "IRAN", "IRAQ", "JAPAN", "JORDAN", "KENYA", "MOROCCO", "MOZAMBIQUE", "PERU",
    "CHINA", "ROMANIA", "SAUDI ARABIA", "VIETNAM", "RUSSIA", "UNITED KINGDOM", "UNITED STATES",
]
TS_START_US = 1_577_836_800 * 1_000_000  # 2020-01-01T00:00:00Z
TS_SPAN_S = 4 * 365 * 86_400


@dataclass
class DataSet:
    """Paths of the generated data."""

    root: Path
    orders_parquet: Path
    orders_delta_rs: Path
    orders_delta_lake: Path
    orders_csv: Path
    orders_jsonl: Path
    lineitem_parquet: Path
    log_ckpt: Path
    log_nockpt: Path
    scale: Scale
    small_files: Path | None = None

    @property
    def small_file_count(self) -> int:
        return 1000 if self.scale.name == "full" else 100

    SMALL_FILE_ROWS = 1000
    merge_source: Path | None = None


def paths(root: Path, scale: Scale) -> DataSet:
    """The data set's paths under root/<scale> (nothing is generated)."""
    d = root / scale.name
    return DataSet(d, d / "orders.parquet", d / "orders_delta_rs", d / "orders_delta_lake", d / "orders.csv",
                   d / "orders.jsonl", d / "lineitem.parquet", d / "log_ckpt", d / "log_nockpt", scale,
                   d / "small_files", d / "merge_source.parquet")


def log(msg: str) -> None:
    print(f"[data] {msg}", file=sys.stderr, flush=True)


def orders_chunk(start: int, n: int, seed: int):
    """Rows start..start+n of the orders table as a pyarrow Table."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def uniform(k: int):
        return pc.random(n, initializer=seed * 16 + k)

    def scaled_int(k: int, m: int, typ):
        return pc.cast(pc.floor(pc.multiply(uniform(k), m)), typ)

    o_id = pa.array(range(start, start + n), pa.int64())
    seconds = scaled_int(1, TS_SPAN_S, pa.int64())
    o_ts = pc.cast(pc.add(pc.multiply(seconds, 1_000_000), TS_START_US), pa.timestamp("us", tz="UTC"))
    o_qty = pc.add(scaled_int(2, 50, pa.int32()), pa.scalar(1, pa.int32()))
    o_amount = pc.round(pc.multiply(uniform(3), 1000.0), 2)
    o_status = pc.take(pa.array(STATUSES), scaled_int(4, len(STATUSES), pa.int32()))
    o_region = pc.take(pa.array(REGIONS), scaled_int(5, len(REGIONS), pa.int32()))
    return pa.table({"o_id": o_id, "o_ts": o_ts, "o_qty": o_qty, "o_amount": o_amount,
                     "o_status": o_status, "o_region": o_region})


def write_orders(ds: DataSet) -> None:
    import pyarrow.parquet as pq

    s = ds.scale
    t0 = time.time()
    writer = None
    tmp = ds.orders_parquet.with_suffix(".tmp")
    for i, start in enumerate(range(0, s.orders_rows, s.row_group_rows)):
        chunk = orders_chunk(start, min(s.row_group_rows, s.orders_rows - start), seed=1000 + i)
        if writer is None:
            writer = pq.ParquetWriter(tmp, chunk.schema, compression="zstd")
        writer.write_table(chunk, row_group_size=s.row_group_rows)
    writer.close()
    tmp.rename(ds.orders_parquet)
    log(f"orders.parquet: {s.orders_rows:,} rows in {time.time() - t0:.1f}s")


def write_merge_source(ds: DataSet) -> None:
    """1% of the orders changed (o_id ≡ 7 mod 100, every other column drawn anew) and 0.1%
    new rows (o_ids after the last), shuffled."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    t0 = time.time()
    n = ds.scale.orders_rows
    changed = pa.array(range(7, n, 100), pa.int64())
    new = pa.array(range(n, n + n // 1000), pa.int64())
    ids = pa.concat_arrays([changed, new])
    rows = orders_chunk(0, len(ids), seed=4242).set_column(0, "o_id", ids)
    order = pc.sort_indices(pc.random(len(ids), initializer=4243))
    tmp = ds.merge_source.with_suffix(".tmp")
    pq.write_table(rows.take(order), tmp, compression="zstd")
    tmp.rename(ds.merge_source)
    log(f"merge_source.parquet: {len(changed):,} changed + {len(new):,} new rows in {time.time() - t0:.1f}s")


def write_text(ds: DataSet) -> None:
    import polars as pl
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    t0 = time.time()
    pf = pq.ParquetFile(ds.orders_parquet)
    head = pf.read_row_groups(range(pf.num_row_groups)).slice(0, ds.scale.text_rows)
    pcsv.write_csv(head, ds.orders_csv)
    pl.from_arrow(head).write_ndjson(ds.orders_jsonl)
    log(f"orders.csv/.jsonl: {head.num_rows:,} rows in {time.time() - t0:.1f}s")


def write_delta_rs(ds: DataSet) -> None:
    import pyarrow.parquet as pq
    from deltalake import WriterProperties, write_deltalake

    t0 = time.time()
    tmp = ds.orders_delta_rs.with_name(ds.orders_delta_rs.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    reader = pq.ParquetFile(ds.orders_parquet).iter_batches(batch_size=ds.scale.row_group_rows)
    import pyarrow as pa
    schema = pq.read_schema(ds.orders_parquet)
    write_deltalake(str(tmp), pa.RecordBatchReader.from_batches(schema, reader), mode="error",
                    writer_properties=WriterProperties(compression="ZSTD"))
    tmp.rename(ds.orders_delta_rs)
    log(f"orders_delta_rs: {time.time() - t0:.1f}s")


def write_delta_lake(ds: DataSet, lake: Path) -> None:
    t0 = time.time()
    tmp = ds.orders_delta_lake.with_name(ds.orders_delta_lake.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    subprocess.run([str(lake), "write", str(tmp), str(ds.orders_parquet), "--mode", "error"], check=True,
                   stdout=subprocess.DEVNULL)
    tmp.rename(ds.orders_delta_lake)
    log(f"orders_delta_lake: {time.time() - t0:.1f}s")


def write_lineitem(ds: DataSet) -> None:
    t0 = time.time()
    out = ds.root / "tpch.tmp"
    shutil.rmtree(out, ignore_errors=True)
    exe = Path(sys.executable).with_name("tpchgen-cli")
    cmd = [str(exe) if exe.exists() else "tpchgen-cli", "parquet", "-s", ds.scale.tpch_sf, "--tables", "lineitem",
           "--compression", "ZSTD(1)", "--output-dir", str(out), "--quiet"]
    subprocess.run(cmd, check=True)
    (out / "lineitem.parquet").rename(ds.lineitem_parquet)
    shutil.rmtree(out, ignore_errors=True)
    log(f"lineitem.parquet (SF {ds.scale.tpch_sf}): {time.time() - t0:.1f}s")


def write_logs(ds: DataSet) -> None:
    """A table of one-row commits (delta-rs, checkpoints every `checkpoint_interval`), then a
    copy of it without checkpoints."""
    import pyarrow as pa
    from deltalake import write_deltalake

    t0 = time.time()
    tmp = ds.log_ckpt.with_name(ds.log_ckpt.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    config = {"delta.checkpointInterval": str(ds.scale.checkpoint_interval)}
    for v in range(ds.scale.log_commits):
        row = pa.table({"id": pa.array([v], pa.int64()), "kind": pa.array([f"kind-{v % 5}"]),
                        "amount": pa.array([v * 0.25])})
        write_deltalake(str(tmp), row, mode="append", configuration=config if v == 0 else None)
    tmp.rename(ds.log_ckpt)
    tmp2 = ds.log_nockpt.with_name(ds.log_nockpt.name + ".tmp")
    shutil.rmtree(tmp2, ignore_errors=True)
    shutil.copytree(ds.log_ckpt, tmp2)
    removed = 0
    for f in (tmp2 / "_delta_log").iterdir():
        if ".checkpoint." in f.name or f.name == "_last_checkpoint":
            f.unlink()
            removed += 1
    tmp2.rename(ds.log_nockpt)
    log(f"log tables: {ds.scale.log_commits} commits ({removed} checkpoint files dropped from the copy) "
        f"in {time.time() - t0:.1f}s")


def write_small_files(ds: DataSet) -> None:
    """OPTIMIZE's input: orders rows in many small ZSTD files (pyarrow), added to a new Delta
    table in one commit (protocol 1/2, numRecords statistics), so every engine starts from the
    same exact file count."""
    import uuid

    import pyarrow.parquet as pq

    t0 = time.time()
    tmp = ds.small_files.with_name(ds.small_files.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "_delta_log").mkdir(parents=True)
    now = int(time.time() * 1000)
    adds = []
    rows = DataSet.SMALL_FILE_ROWS
    for i in range(ds.small_file_count):
        chunk = orders_chunk(i * rows, rows, seed=7000 + i)
        name = f"part-{i:05d}-{uuid.UUID(int=i + 1)}-c000.zstd.parquet"
        pq.write_table(chunk, tmp / name, compression="zstd")
        adds.append({"add": {"path": name, "partitionValues": {}, "size": (tmp / name).stat().st_size,
                             "modificationTime": now, "dataChange": True,
                             "stats": json.dumps({"numRecords": rows})}})
    fields = [("o_id", "long"), ("o_ts", "timestamp"), ("o_qty", "integer"), ("o_amount", "double"),
              ("o_status", "string"), ("o_region", "string")]
    schema = {"type": "struct", "fields": [{"name": n, "type": t, "nullable": True, "metadata": {}} for n, t in fields]}
    actions = [
        {"commitInfo": {"timestamp": now, "operation": "WRITE", "operationParameters": {"mode": "ErrorIfExists"}}},
        {"protocol": {"minReaderVersion": 1, "minWriterVersion": 2}},
        {"metaData": {"id": str(uuid.UUID(int=42)), "format": {"provider": "parquet", "options": {}},
                      "schemaString": json.dumps(schema), "partitionColumns": [], "configuration": {},
                      "createdTime": now}},
    ] + adds
    (tmp / "_delta_log" / "00000000000000000000.json").write_text("\n".join(json.dumps(a) for a in actions) + "\n")
    tmp.rename(ds.small_files)
    log(f"small_files: {ds.small_file_count} files of {rows} rows in {time.time() - t0:.1f}s")


def ensure(root: Path, scale: Scale, lake: Path) -> DataSet:
    """Generates whatever is missing (or stale) and returns the paths."""
    ds = paths(root, scale)
    stamp = ds.root / "stamp.json"
    want = {"version": GENERATOR_VERSION, **asdict(scale)}
    if stamp.exists() and json.loads(stamp.read_text()) == want:
        missing = [p for p in (ds.orders_parquet, ds.orders_delta_rs, ds.orders_delta_lake, ds.orders_csv,
                               ds.orders_jsonl, ds.lineitem_parquet, ds.log_ckpt, ds.log_nockpt, ds.small_files,
                               ds.merge_source)
                   if not p.exists()]
        if not missing:
            return ds
    elif ds.root.exists():
        log(f"{ds.root}: stale data, regenerating")
        shutil.rmtree(ds.root)
    ds.root.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    if not ds.orders_parquet.exists():
        write_orders(ds)
    if not ds.orders_csv.exists() or not ds.orders_jsonl.exists():
        write_text(ds)
    if not ds.orders_delta_rs.exists():
        write_delta_rs(ds)
    if not ds.orders_delta_lake.exists():
        write_delta_lake(ds, lake)
    if not ds.lineitem_parquet.exists():
        write_lineitem(ds)
    if not ds.log_ckpt.exists() or not ds.log_nockpt.exists():
        shutil.rmtree(ds.log_nockpt, ignore_errors=True)
        write_logs(ds)
    if not ds.small_files.exists():
        write_small_files(ds)
    if not ds.merge_source.exists():
        write_merge_source(ds)
    stamp.write_text(json.dumps(want))
    log(f"data ready in {time.time() - t0:.1f}s: {ds.root}")
    return ds


def size_of(p: Path) -> int:
    if p.is_file():
        return p.stat().st_size
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="generate the benchmark data")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--data", default=str(Path(__file__).parent / "data"))
    ap.add_argument("--lake", default=str(Path(__file__).parent.parent / ".build/release/lake"))
    a = ap.parse_args()
    d = ensure(Path(a.data), QUICK if a.quick else FULL, Path(a.lake))
    for k, v in asdict(d).items():
        if isinstance(v, Path):
            print(k, v, size_of(v) if v.exists() else "-")
