"""Interop tests of table maintenance (OPTIMIZE, Z-order, VACUUM, RESTORE) against delta-rs and DuckDB.

Needs $LAKE_BIN (`make test` sets it). The commands under test:

    lake optimize TABLE [--where PRED] [--zorder-by a,b] [--target-size BYTES]
    lake vacuum TABLE [--retain-hours N] [--dry-run] [--disable-retention-check]
    lake restore TABLE --version N | --timestamp TS

Write direction: lake builds a table with appends, compacts it, Z-orders it, replaces a partition,
restores it and vacuums it. At every version, delta-rs (deltalake 1.6.6) reads exactly the rows
DuckDB computes from the input files, DuckDB reading the Parquet files delta-rs lists for that
version agrees, and `lake cat` agrees too. After VACUUM, the versions whose files are gone fail
cleanly in both engines and the others still read.

Read direction: delta-rs appends, compacts (`optimize.compact`), Z-orders (`optimize.z_order`),
restores and vacuums a table; lake reads every version delta-rs can, and fails cleanly on the
vacuumed ones. Then each engine maintains a table the other wrote.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from deltalake import DeltaTable, write_deltalake

TIMEOUT = 120


def run_lake(lake_bin: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([lake_bin, *args], capture_output=True, timeout=TIMEOUT, text=True)


def lake_ok(lake_bin: str, *args: str) -> subprocess.CompletedProcess:
    p = run_lake(lake_bin, *args)
    assert p.returncode == 0, f"lake {' '.join(args)} failed ({p.returncode}): {p.stderr.strip()[-2000:]}"
    return p


def key(row: dict[str, Any]) -> tuple:
    return tuple(sorted((k, json.dumps(v, sort_keys=True, default=str)) for k, v in row.items()))


def canon(rows: list[dict[str, Any]]) -> list[tuple]:
    return sorted(key(r) for r in rows)


def lake_rows(lake_bin: str, table: str, version: int | None = None) -> list[dict[str, Any]]:
    args = ["cat", table, "--format", "jsonl"] + (["--version", str(version)] if version is not None else [])
    out = lake_ok(lake_bin, *args).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def delta_rs_rows(table: str, version: int | None = None) -> list[dict[str, Any]]:
    dt = DeltaTable(table) if version is None else DeltaTable(table, version=version)
    return dt.to_pyarrow_table().to_pylist()


def duckdb_rows_of_delta_rs_files(table: str, version: int) -> list[dict[str, Any]]:
    """DuckDB reading exactly the Parquet files delta-rs lists for `version` (partition values
    from the Hive directories)."""
    files = DeltaTable(table, version=version).file_uris()
    if not files:
        return []
    con = duckdb.connect()
    listed = ", ".join("'" + f.replace("file://", "") + "'" for f in files)
    t = con.sql(f"SELECT id, x, y, p FROM read_parquet([{listed}], hive_partitioning = true)").to_arrow_table()
    return t.to_pylist()


def expected(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    return con.sql(sql).to_arrow_table().to_pylist()


def batch(start: int, n: int, p: str) -> pa.Table:
    ids = list(range(start, start + n))
    return pa.table({
        "id": pa.array(ids, pa.int64()),
        "x": pa.array([(i * i * 7919 + i) % 1000 for i in ids], pa.int64()),
        "y": pa.array([(i * i * i % 104729) % 997 for i in ids], pa.int64()),
        "p": pa.array([p] * n, pa.string()),
    })


def assert_same(got: list[dict[str, Any]], want: list[dict[str, Any]], what: str) -> None:
    assert len(got) == len(want), f"{what}: {len(got)} rows, expected {len(want)}"
    assert canon(got) == canon(want), f"{what}: rows differ"


def read_fails(table: str, version: int) -> bool:
    try:
        DeltaTable(table, version=version).to_pyarrow_table()
    except Exception:
        return True
    return False


@pytest.fixture
def work(tmp_path):
    return str(tmp_path)


def test_lake_maintenance_reads_in_delta_rs_and_duckdb(lake_bin, work):
    table = os.path.join(work, "t")
    con = duckdb.connect()
    inputs = []
    # v0..v5: six appends of 200 rows over two partitions (twelve small files).
    for i in range(6):
        f = os.path.join(work, f"in{i}.parquet")
        pq.write_table(pa.concat_tables([batch(i * 200, 100, "a"), batch(i * 200 + 100, 100, "b")]), f)
        inputs.append(f)
        lake_ok(lake_bin, "write", table, f, *(["--partition-by", "p"] if i == 0 else []))
    all_inputs = "[" + ", ".join(f"'{f}'" for f in inputs) + "]"
    want: dict[int, list[dict[str, Any]]] = {}
    for v in range(6):
        want[v] = expected(con, "SELECT id, x, y, p FROM read_parquet([" + ", ".join(f"'{f}'" for f in inputs[: v + 1]) + "])")

    # v6: compaction; v7: Z-order into several files.
    out = lake_ok(lake_bin, "optimize", table, "--format", "jsonl")
    metrics = json.loads(out.stdout.splitlines()[0])["metrics"]
    assert metrics["numFilesRemoved"] == 12 and metrics["numFilesAdded"] == 2
    assert "nothing to rewrite" in lake_ok(lake_bin, "optimize", table).stderr, "bin-packing twice commits nothing"
    size = sum(os.path.getsize(u.replace("file://", "")) for u in DeltaTable(table).file_uris())
    lake_ok(lake_bin, "optimize", table, "--zorder-by", "x,y", "--target-size", str(size // 6))
    want[6] = want[7] = want[5]
    assert len(DeltaTable(table).file_uris()) >= 4
    # v8: replace partition a; v9: restore to v7.
    new_a = os.path.join(work, "new_a.parquet")
    pq.write_table(batch(5000, 50, "a"), new_a)
    lake_ok(lake_bin, "write", table, new_a, "--mode", "overwrite", "--replace-where", "p = 'a'")
    want[8] = expected(con, f"SELECT id, x, y, p FROM read_parquet({all_inputs}) WHERE p <> 'a' UNION ALL SELECT * FROM read_parquet('{new_a}')")
    restored = json.loads(lake_ok(lake_bin, "restore", table, "--version", "7", "--format", "jsonl").stdout.splitlines()[0])
    assert restored["num_restored_files"] > 0 and restored["num_removed_files"] > 0
    want[9] = want[7]

    dt = DeltaTable(table)
    assert dt.version() == 9
    ops = [h["operation"] for h in dt.history()]
    assert ops[:4] == ["RESTORE", "WRITE", "OPTIMIZE", "OPTIMIZE"], ops
    for v in range(10):
        assert_same(delta_rs_rows(table, v), want[v], f"delta-rs at version {v}")
        assert_same(duckdb_rows_of_delta_rs_files(table, v), want[v], f"DuckDB over delta-rs's files at version {v}")
        assert_same(lake_rows(lake_bin, table, v), want[v], f"lake at version {v}")

    # VACUUM: the default retention deletes nothing; zero retention keeps only what v9 needs.
    assert "Found 0 files" in lake_ok(lake_bin, "vacuum", table, "--dry-run").stderr
    lake_ok(lake_bin, "vacuum", table, "--retain-hours", "0", "--disable-retention-check")
    dt = DeltaTable(table)
    assert dt.version() == 11
    assert [h["operation"] for h in dt.history()[:2]] == ["VACUUM END", "VACUUM START"]
    gone = [v for v in range(12) if read_fails(table, v)]
    assert gone == [0, 1, 2, 3, 4, 5, 6, 8], gone
    for v in range(12):
        if v in gone:
            p = run_lake(lake_bin, "cat", table, "--version", str(v))
            assert p.returncode != 0 and "No such file" in p.stderr, f"lake at vacuumed version {v}: {p.stderr[-500:]}"
        else:
            w = want.get(v, want[9])
            assert_same(delta_rs_rows(table, v), w, f"delta-rs at version {v} after VACUUM")
            assert_same(lake_rows(lake_bin, table, v), w, f"lake at version {v} after VACUUM")
    # RESTORE to a vacuumed version fails and commits nothing.
    p = run_lake(lake_bin, "restore", table, "--version", "2")
    assert p.returncode != 0 and "Not all files from version 2 are available" in p.stderr
    assert DeltaTable(table).version() == 11

    # delta-rs can maintain what lake wrote.
    dt = DeltaTable(table)
    dt.optimize.compact()
    assert_same(lake_rows(lake_bin, table), want[9], "lake after delta-rs compacted lake's table")


def test_delta_rs_maintenance_reads_in_lake(lake_bin, work):
    table = os.path.join(work, "t")
    con = duckdb.connect()
    frames = []
    for i in range(6):
        t = pa.concat_tables([batch(i * 200, 100, "a"), batch(i * 200 + 100, 100, "b")])
        frames.append(t)
        write_deltalake(table, t, mode="append", partition_by=["p"])
    dt = DeltaTable(table)
    dt.optimize.compact()                      # v6
    dt.optimize.z_order(["x", "y"])            # v7
    write_deltalake(table, batch(7000, 30, "b"), mode="overwrite", predicate="p = 'b'")  # v8
    DeltaTable(table).restore(6)               # v9
    everything = pa.concat_tables(frames)
    con.register("everything", everything)
    con.register("new_b", batch(7000, 30, "b"))
    want: dict[int, list[dict[str, Any]]] = {}
    for v in range(6):
        con.register("prefix", pa.concat_tables(frames[: v + 1]))
        want[v] = expected(con, "SELECT * FROM prefix")
    want[6] = want[7] = want[9] = want[5]
    want[8] = expected(con, "SELECT * FROM everything WHERE p <> 'b' UNION ALL SELECT * FROM new_b")
    ops = [h["operation"] for h in DeltaTable(table).history()]
    assert ops[:4] == ["RESTORE", "WRITE", "OPTIMIZE", "OPTIMIZE"], ops
    for v in range(10):
        assert_same(delta_rs_rows(table, v), want[v], f"delta-rs at version {v}")
        assert_same(lake_rows(lake_bin, table, v), want[v], f"lake at version {v}")
    history = [json.loads(line) for line in lake_ok(lake_bin, "history", table, "--format", "jsonl").stdout.splitlines()]
    assert [h["operation"] for h in history[:4]] == ["RESTORE", "WRITE", "OPTIMIZE", "OPTIMIZE"]

    DeltaTable(table).vacuum(retention_hours=0, enforce_retention_duration=False, dry_run=False)
    latest = DeltaTable(table).version()
    assert_same(lake_rows(lake_bin, table), want[9], "lake at the latest version after delta-rs's VACUUM")
    for v in range(latest + 1):
        if read_fails(table, v):
            p = run_lake(lake_bin, "cat", table, "--version", str(v))
            assert p.returncode != 0 and "No such file" in p.stderr, f"lake at vacuumed version {v}"
        else:
            assert_same(lake_rows(lake_bin, table, v), want.get(v, want[9]), f"lake at version {v} after VACUUM")

    # lake maintains what delta-rs wrote: Z-order, restore, vacuum; delta-rs reads each result.
    lake_ok(lake_bin, "optimize", table, "--zorder-by", "y")
    assert_same(delta_rs_rows(table), want[9], "delta-rs after lake Z-ordered its table")
    v_before = DeltaTable(table).version()
    write_deltalake(table, batch(9000, 10, "c"), mode="append")
    lake_ok(lake_bin, "restore", table, "--version", str(v_before))
    assert_same(delta_rs_rows(table), want[9], "delta-rs after lake restored its table")
    lake_ok(lake_bin, "vacuum", table, "--retain-hours", "0", "--disable-retention-check")
    assert_same(delta_rs_rows(table), want[9], "delta-rs after lake vacuumed its table")
    assert not os.path.exists(os.path.join(table, "p=c")), "the restored-away partition's files and directory are gone"
