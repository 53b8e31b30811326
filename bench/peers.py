"""One measurement of one peer engine, in a fresh process: `python peers.py TASK_JSON`.

The harness (run.py) starts this script once per engine per round, with the thread count
already pinned (CPU affinity, POLARS_MAX_THREADS and friends in the environment). It imports
only the engine it measures, sets the engine's thread count, builds any input outside the
measured region, then times the measured region with time.perf_counter() and prints one JSON
line, the same shape as lake-bench's:

    {"engine", "workload", "threads", "seconds", "result", "rows", "peak_rss_kb", "start_rss_kb", "extra"}

or {"engine", "workload", "unsupported": why} for a combination the engine cannot run.

Library peers are timed on whole in-process work: reading the file or table, computing, and
materializing the result (for full-decode: every column decoded into Arrow/Polars memory).
"""

from __future__ import annotations

import datetime as _dt
import decimal
import json
import os
import shutil
import sys
import time
from pathlib import Path

QUERIES = Path(__file__).parent / "queries"


class Unsupported(Exception):
    """The engine cannot run this workload (reported as a gap, not a failure)."""


def status_kb(key: str) -> int | None:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def peak_rss_kb() -> int:
    v = status_kb("VmHWM:")
    if v is not None:
        return v
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def plain(v):
    """A result value as plain JSON (decimals and floats as float, dates as ISO text)."""
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, (_dt.date, _dt.datetime)):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if hasattr(v, "item"):  # numpy-style scalars
        return plain(v.item())
    return v


def sql_text(name: str, sources: dict[str, str]) -> str:
    text = (QUERIES / f"{name}.sql").read_text()
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return body.format(**sources)


def pred_sql(p) -> str:
    col, op, val = p
    return f"{col} {op} {val!r}"


START_RSS: list[int | None] = [None]


class Timer:
    """Times the measured region; notes the RSS at its start (after imports and set-up)."""

    def __enter__(self):
        if START_RSS[0] is None:
            START_RSS[0] = status_kb("VmRSS:")
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0


# ---------------------------------------------------------------------------------------------
# DuckDB


def run_duckdb(t: dict):
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads={t['threads']}")
    if t.get("source") == "delta":
        try:
            con.execute("LOAD delta")
        except Exception as e:  # not installed: the harness stays offline after pip
            raise Unsupported("DuckDB's delta extension is not installed") from e

    def src(path: str) -> str:
        return f"delta_scan('{path}')" if not path.endswith(".parquet") else f"read_parquet('{path}')"

    w = t["workload"]
    if w == "sum-double":
        with Timer() as tm:
            v = con.execute(f"SELECT sum({t['column']}) FROM {src(t['path'])}").fetchone()[0]
        return tm.seconds, float(v), None, {}
    if w == "count-filter":
        with Timer() as tm:
            v = con.execute(f"SELECT count(*) FROM {src(t['path'])} WHERE {pred_sql(t['predicate'])}").fetchone()[0]
        return tm.seconds, int(v), None, {}
    if w == "full-decode":
        with Timer() as tm:
            reader = con.sql(f"SELECT * FROM {src(t['path'])}").to_arrow_reader(1 << 20)
            rows = 0
            for batch in reader:
                rows += batch.num_rows
        return tm.seconds, rows, rows, {"materialized": "Arrow record batches, streamed"}
    if w in ("group-by", "tpch-q1", "tpch-q6"):
        sql = sql_text(t["query"], {k: src(v) for k, v in t["tables"].items()})
        with Timer() as tm:
            rows = con.execute(sql).fetchall()
        return tm.seconds, plain(rows), len(rows), {}
    raise Unsupported(f"{w} is not a DuckDB workload here")


# ---------------------------------------------------------------------------------------------
# Polars (POLARS_MAX_THREADS is set by the harness before this process starts)


def run_polars(t: dict):
    import polars as pl

    def scan(path: str):
        return pl.scan_parquet(path) if path.endswith(".parquet") else pl.scan_delta(path)

    def compare(p):
        col, op, val = p
        c = pl.col(col)
        return {">": c > val, ">=": c >= val, "<": c < val, "<=": c <= val, "=": c == val}[op]

    w = t["workload"]
    if w == "sum-double":
        with Timer() as tm:
            v = scan(t["path"]).select(pl.col(t["column"]).sum()).collect().item()
        return tm.seconds, float(v), None, {}
    if w == "count-filter":
        with Timer() as tm:
            v = scan(t["path"]).filter(compare(t["predicate"])).select(pl.len()).collect().item()
        return tm.seconds, int(v), None, {}
    if w == "full-decode":
        with Timer() as tm:
            df = scan(t["path"]).collect()
        return tm.seconds, df.height, df.height, {"materialized": "one DataFrame"}
    if w == "group-by":
        with Timer() as tm:
            df = (scan(t["tables"]["orders"]).group_by("o_status")
                  .agg(pl.len().alias("n"), pl.col("o_amount").sum().alias("amount")).sort("o_status").collect())
        return tm.seconds, plain(df.rows()), df.height, {}
    # Polars keeps a product of decimal(15,2) columns at scale 2 (rounding every row), which
    # changes TPC-H's answers; the money columns are computed as Float64, as its own TPC-H
    # suite does.
    f64 = pl.Float64
    if w == "tpch-q1":
        price, disc, tax = pl.col("l_extendedprice").cast(f64), pl.col("l_discount").cast(f64), pl.col("l_tax").cast(f64)
        with Timer() as tm:
            df = (scan(t["tables"]["lineitem"]).filter(pl.col("l_shipdate") <= _dt.date(1998, 9, 2))
                  .group_by("l_returnflag", "l_linestatus")
                  .agg(pl.col("l_quantity").cast(f64).sum().alias("sum_qty"),
                       price.sum().alias("sum_base_price"),
                       (price * (1 - disc)).sum().alias("sum_disc_price"),
                       (price * (1 - disc) * (1 + tax)).sum().alias("sum_charge"),
                       pl.col("l_quantity").cast(f64).mean().alias("avg_qty"),
                       price.mean().alias("avg_price"),
                       disc.mean().alias("avg_disc"),
                       pl.len().alias("count_order"))
                  .sort("l_returnflag", "l_linestatus").collect())
        return tm.seconds, plain(df.rows()), df.height, {}
    if w == "tpch-q6":
        with Timer() as tm:
            df = (scan(t["tables"]["lineitem"])
                  .filter((pl.col("l_shipdate") >= _dt.date(1994, 1, 1)) & (pl.col("l_shipdate") < _dt.date(1995, 1, 1))
                          & pl.col("l_discount").is_between(decimal.Decimal("0.05"), decimal.Decimal("0.07"))
                          & (pl.col("l_quantity") < 24))
                  .select((pl.col("l_extendedprice").cast(f64) * pl.col("l_discount").cast(f64)).sum().alias("revenue"))
                  .collect())
        return tm.seconds, plain(df.rows()), 1, {}
    if w in ("bulk-write", "ingest-csv", "ingest-jsonl"):
        from deltalake import WriterProperties

        inp, out = t["input"], t["out"]
        with Timer() as tm:
            if w == "bulk-write":
                df = pl.read_parquet(inp)
            elif w == "ingest-csv":
                df = pl.read_csv(inp, try_parse_dates=True)
            else:
                df = pl.read_ndjson(inp)
            df.write_delta(out, mode="error",
                           delta_write_options={"writer_properties": WriterProperties(compression="ZSTD")})
        return tm.seconds, df.height, df.height, {"writer": "delta-rs (via write_delta)"}
    raise Unsupported(f"{w} is not a Polars workload here")


# ---------------------------------------------------------------------------------------------
# pyarrow (datasets: Parquet files directly, Delta tables through deltalake's dataset)


def run_pyarrow(t: dict):
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    n = t["threads"]
    pa.set_cpu_count(n)
    pa.set_io_thread_count(max(n, 1))
    threads = n > 1

    def dataset(path: str):
        if path.endswith(".parquet"):
            # Files whose stored Arrow schema says string_view (tpchgen's) read as plain strings:
            # pyarrow's filter kernels do not take string_view yet.
            schema = ds.dataset(path, format="parquet").schema
            fields = [f.with_type(pa.string()) if f.type == pa.string_view() else f for f in schema]
            return ds.dataset(path, format="parquet", schema=pa.schema(fields))
        from deltalake import DeltaTable
        return DeltaTable(path).to_pyarrow_dataset()

    w = t["workload"]
    if w == "sum-double":
        c = t["column"]
        with Timer() as tm:
            v = pc.sum(dataset(t["path"]).to_table(columns=[c], use_threads=threads)[c], ).as_py()
        return tm.seconds, float(v), None, {}
    if w == "count-filter":
        col, op, val = t["predicate"]
        f = {">": pc.field(col) > val, ">=": pc.field(col) >= val, "<": pc.field(col) < val,
             "<=": pc.field(col) <= val, "=": pc.field(col) == val}[op]
        with Timer() as tm:
            v = dataset(t["path"]).count_rows(filter=f, use_threads=threads)
        return tm.seconds, int(v), None, {}
    if w == "full-decode":
        with Timer() as tm:
            table = dataset(t["path"]).to_table(use_threads=threads)
        return tm.seconds, table.num_rows, table.num_rows, {"materialized": "one Arrow table"}
    if w == "group-by":
        with Timer() as tm:
            table = dataset(t["tables"]["orders"]).to_table(columns=["o_status", "o_amount"], use_threads=threads)
            g = table.group_by("o_status", use_threads=threads).aggregate(
                [([], "count_all"), ("o_amount", "sum")]).sort_by("o_status")
        rows = [list(r.values()) for r in g.select(["o_status", "count_all", "o_amount_sum"]).to_pylist()]
        return tm.seconds, plain(rows), len(rows), {}
    if w == "tpch-q1":
        # decimal(15,2) products overflow pyarrow's decimal precision (38) in sum_charge, so the
        # money columns are computed as float64 (as Polars does here too).
        cols = ["l_returnflag", "l_linestatus", "l_quantity", "l_extendedprice", "l_discount", "l_tax", "l_shipdate"]
        f64 = pa.float64()
        with Timer() as tm:
            table = dataset(t["tables"]["lineitem"]).to_table(
                columns=cols, filter=pc.field("l_shipdate") <= pa.scalar(_dt.date(1998, 9, 2)), use_threads=threads)
            qty, price = pc.cast(table["l_quantity"], f64), pc.cast(table["l_extendedprice"], f64)
            disc, tax = pc.cast(table["l_discount"], f64), pc.cast(table["l_tax"], f64)
            disc_price = pc.multiply(price, pc.subtract(1.0, disc))
            charge = pc.multiply(disc_price, pc.add(1.0, tax))
            work = pa.table({
                "l_returnflag": table["l_returnflag"], "l_linestatus": table["l_linestatus"],
                "qty": qty, "price": price, "disc_price": disc_price, "charge": charge, "disc": disc})
            g = work.group_by(["l_returnflag", "l_linestatus"], use_threads=threads).aggregate([
                ("qty", "sum"), ("price", "sum"), ("disc_price", "sum"), ("charge", "sum"),
                ("qty", "mean"), ("price", "mean"), ("disc", "mean"), ([], "count_all")])
            g = g.sort_by([("l_returnflag", "ascending"), ("l_linestatus", "ascending")])
        order = ["l_returnflag", "l_linestatus", "qty_sum", "price_sum", "disc_price_sum", "charge_sum",
                 "qty_mean", "price_mean", "disc_mean", "count_all"]
        rows = [[r[k] for k in order] for r in g.to_pylist()]
        return tm.seconds, plain(rows), len(rows), {}
    if w == "tpch-q6":
        f = ((pc.field("l_shipdate") >= pa.scalar(_dt.date(1994, 1, 1)))
             & (pc.field("l_shipdate") < pa.scalar(_dt.date(1995, 1, 1)))
             & (pc.field("l_discount") >= pa.scalar(decimal.Decimal("0.05"), pa.decimal128(15, 2)))
             & (pc.field("l_discount") <= pa.scalar(decimal.Decimal("0.07"), pa.decimal128(15, 2)))
             & (pc.field("l_quantity") < pa.scalar(decimal.Decimal("24"), pa.decimal128(15, 2))))
        with Timer() as tm:
            table = dataset(t["tables"]["lineitem"]).to_table(
                columns=["l_extendedprice", "l_discount"], filter=f, use_threads=threads)
            v = pc.sum(pc.multiply(table["l_extendedprice"], table["l_discount"])).as_py()
        return tm.seconds, plain([[v]]), 1, {}
    raise Unsupported(f"{w} is not a pyarrow workload here")


# ---------------------------------------------------------------------------------------------
# delta-rs (the deltalake package): its own DataFusion-based reader, log replay and writer


def run_deltalake(t: dict):
    import pyarrow as pa
    from deltalake import DeltaTable, QueryBuilder, WriterProperties, write_deltalake

    n = t["threads"]
    pa.set_cpu_count(n)
    pa.set_io_thread_count(max(n, 1))
    w = t["workload"]

    def query(path: str, sql: str):
        reader = QueryBuilder().register("t", DeltaTable(path)).execute(sql)
        return pa.table(reader.read_all())

    if w in ("sum-double", "count-filter", "full-decode", "group-by") and t.get("source") == "parquet":
        raise Unsupported("delta-rs reads Delta tables, not bare Parquet files")
    if w == "sum-double":
        with Timer() as tm:
            v = query(t["path"], f"SELECT sum({t['column']}) FROM t").column(0)[0].as_py()
        return tm.seconds, float(v), None, {"reader": "QueryBuilder (DataFusion)"}
    if w == "count-filter":
        with Timer() as tm:
            v = query(t["path"], f"SELECT count(*) FROM t WHERE {pred_sql(t['predicate'])}").column(0)[0].as_py()
        return tm.seconds, int(v), None, {"reader": "QueryBuilder (DataFusion)"}
    if w == "full-decode":
        with Timer() as tm:
            reader = QueryBuilder().register("t", DeltaTable(t["path"])).execute("SELECT * FROM t")
            rows = 0
            for batch in reader:
                rows += batch.num_rows
        return tm.seconds, rows, rows, {"reader": "QueryBuilder (DataFusion), batches streamed"}
    if w == "snapshot-open":
        with Timer() as tm:
            dt = DeltaTable(t["path"])
            files = len(dt.file_uris())
        return tm.seconds, {"version": dt.version(), "files": files}, files, {}
    if w == "appends":
        out, count, rows = t["out"], t["count"], t["rows"]
        shutil.rmtree(out, ignore_errors=True)
        batches = []
        for c in range(count):
            ids = list(range(c * rows, (c + 1) * rows))
            batches.append(pa.table({"id": pa.array(ids, pa.int64()), "kind": pa.array([f"kind-{i % 5}" for i in ids]),
                                     "amount": pa.array([i * 0.25 for i in ids], pa.float64())}))
        config = {"delta.checkpointInterval": str(t["checkpoint_interval"])} if t.get("checkpoint_interval") else None
        lat = []
        with Timer() as tm:
            for i, b in enumerate(batches):
                t0 = time.perf_counter()
                write_deltalake(out, b, mode="append", configuration=config if i == 0 else None)
                lat.append(time.perf_counter() - t0)
        version = DeltaTable(out).version()
        lat.sort()
        ms = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
        return tm.seconds, {"version": version, "rows": count * rows}, count * rows, {
            "commitMsMedian": ms(0.5), "commitMsP95": ms(0.95), "commitMsMax": ms(1.0)}
    if w in ("bulk-write", "ingest-csv", "ingest-jsonl"):
        import pyarrow.csv as pcsv
        import pyarrow.dataset as ds
        import pyarrow.json as pjson

        inp, out = t["input"], t["out"]
        threads = n > 1
        with Timer() as tm:
            if w == "bulk-write":
                reader = ds.dataset(inp, format="parquet").scanner(use_threads=threads).to_reader()
            elif w == "ingest-csv":
                reader = pcsv.open_csv(inp, read_options=pcsv.ReadOptions(use_threads=threads))
            else:
                reader = pjson.open_json(inp, read_options=pjson.ReadOptions(use_threads=threads))
            write_deltalake(out, reader, mode="error", writer_properties=WriterProperties(compression="ZSTD"))
        return tm.seconds, None, None, {"reader": "pyarrow (streamed)"}
    if w in ("pipeline-ingest-csv", "pipeline-ingest-jsonl"):
        import datetime
        import os

        import pyarrow.csv as pcsv
        import pyarrow.json as pjson

        inp, out = t["input"], t["out"]
        threads = n > 1
        with Timer() as tm:
            # What the pipeline's bronze load does: the file's rows plus _rescued_data (null: every
            # value fits), _source_file and _ingested_at.
            if w == "pipeline-ingest-csv":
                reader = pcsv.open_csv(inp, read_options=pcsv.ReadOptions(use_threads=threads))
            else:
                reader = pjson.open_json(inp, read_options=pjson.ReadOptions(use_threads=threads))
            name = os.path.basename(inp)
            now = datetime.datetime.now(datetime.timezone.utc)
            schema = reader.schema.append(pa.field("_rescued_data", pa.string())) \
                .append(pa.field("_source_file", pa.string())).append(pa.field("_ingested_at", pa.timestamp("us", tz="UTC")))

            def batches():
                for b in reader:
                    k = b.num_rows
                    yield pa.RecordBatch.from_arrays(
                        b.columns + [pa.nulls(k, pa.string()), pa.array([name] * k, pa.string()),
                                     pa.array([now] * k, pa.timestamp("us", tz="UTC"))], schema=schema)

            write_deltalake(out, pa.RecordBatchReader.from_batches(schema, batches()), mode="error",
                            writer_properties=WriterProperties(compression="ZSTD"))
        return tm.seconds, None, None, {"reader": "pyarrow (streamed)"}
    if w == "optimize":
        # The harness copied the input table to `out` before starting this process.
        dt = DeltaTable(t["out"])
        with Timer() as tm:
            metrics = dt.optimize.compact(max_concurrent_tasks=n, writer_properties=WriterProperties(compression="ZSTD"))
        return tm.seconds, None, None, {"filesRemoved": metrics["numFilesRemoved"], "filesAdded": metrics["numFilesAdded"]}
    if w in ("merge", "delete"):
        import pyarrow.parquet as pq

        out = t["out"]  # the harness copied the table here before starting this process
        with Timer() as tm:
            table = DeltaTable(out)
            if w == "merge":
                source = pq.read_table(t["input"])
                m = (table.merge(source, predicate="t.o_id = s.o_id", source_alias="s", target_alias="t")
                     .when_matched_update_all().when_not_matched_insert_all().execute())
            else:
                m = table.delete(pred_sql(t["predicate"]))
        if w == "merge":
            result = {"updated": m.get("num_target_rows_updated"), "inserted": m.get("num_target_rows_inserted")}
        else:
            result = {"deleted": m.get("num_deleted_rows")}
        return tm.seconds, result, None, {"files_added": m.get("num_added_files", m.get("num_target_files_added")),
                                          "files_removed": m.get("num_removed_files", m.get("num_target_files_removed"))}
    raise Unsupported(f"{w} is not a delta-rs workload here")


ENGINES = {"duckdb": run_duckdb, "polars": run_polars, "pyarrow": run_pyarrow, "deltalake": run_deltalake}


def main() -> int:
    t = json.loads(sys.argv[1])
    base = {"engine": t["engine"], "workload": t["workload"]}
    try:
        seconds, result, rows, extra = ENGINES[t["engine"]](t)
    except Unsupported as e:
        print(json.dumps({**base, "unsupported": str(e)}))
        return 0
    print(json.dumps({**base, "threads": t["threads"], "seconds": seconds, "round_seconds": [seconds],
                      "result": result, "rows": rows, "peak_rss_kb": peak_rss_kb(), "start_rss_kb": START_RSS[0],
                      "extra": extra}))
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # Skip interpreter teardown: the measurement is done, and native thread pools (pyarrow's
    # with delta-rs's runtime) can abort while being torn down.
    os._exit(code)
