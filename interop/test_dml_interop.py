"""DELETE, UPDATE, MERGE, constraints and the change data feed against DuckDB and delta-rs.

Every case starts from the same Parquet input: lake builds a Delta table from it in three commits
(CTAS, then two INSERTs, so there are several files to prune and rewrite) and runs the DML
statements; DuckDB loads the same input into a table and runs the equivalent statements (its own
DELETE, UPDATE and MERGE INTO), which gives the expected rows after every statement. delta-rs
(deltalake 1.6.6) must read every version of lake's table as DuckDB's rows, and so must lake.

The change data feed is checked against delta-rs's `load_cdf` in both directions: lake's
`table_changes` of a table lake changed, and of a table delta-rs changed with its own delete,
update and merge. Tables delta-rs modified must read here like there at every version, and lake's
DML on them must read there.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import random
import subprocess
import sys
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

sys.path.insert(0, os.path.dirname(__file__))
import delta_reference as dr  # noqa: E402
import jsonl_reference as jr  # noqa: E402

UTC = dt.timezone.utc
ROWS = 3000
CHANGE_COLUMNS = ["_change_type", "_commit_version", "_commit_timestamp"]


# ---------------------------------------------------------------------------------------------
# inputs


def orders(ids: list[int], seed: int) -> pa.Table:
    """id long, customer string, amount decimal(10,2), qty int, score double, status string,
    day date, ts timestamp (UTC); about 5% nulls outside id."""
    rnd = random.Random(seed)
    statuses = ["paid", "refunded", "pending", "shipped"]

    def maybe(v: Any) -> Any:
        return None if rnd.random() < 0.05 else v

    n = len(ids)
    return pa.table({
        "id": pa.array(ids, pa.int64()),
        "customer": pa.array([maybe(f"c{rnd.randint(1, 300)}") for _ in range(n)], pa.string()),
        "amount": pa.array([maybe(decimal.Decimal(rnd.randint(-500, 100000)) / 100) for _ in range(n)], pa.decimal128(10, 2)),
        "qty": pa.array([maybe(rnd.randint(1, 50)) for _ in range(n)], pa.int32()),
        "score": pa.array([maybe(rnd.uniform(-10, 10)) for _ in range(n)], pa.float64()),
        "status": pa.array([rnd.choice(statuses) for _ in range(n)], pa.string()),
        "day": pa.array([maybe(dt.date(2022, 1, 1) + dt.timedelta(days=rnd.randint(0, 500))) for _ in range(n)], pa.date32()),
        "ts": pa.array([maybe(dt.datetime(2022, 1, 1, tzinfo=UTC) + dt.timedelta(seconds=rnd.randint(0, 40_000_000))) for _ in range(n)],
                       pa.timestamp("us", tz="UTC")),
    })


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, str]:
    """The target rows (ids 1..3000) and a MERGE source: 300 existing ids with new values and
    100 new ids (3001..3100), every id once."""
    d = tmp_path_factory.mktemp("dml_inputs")
    target = str(d / "target.parquet")
    pq.write_table(orders(list(range(1, ROWS + 1)), seed=1), target, row_group_size=400)
    rnd = random.Random(2)
    ids = rnd.sample(range(1, ROWS + 1), 300) + list(range(ROWS + 1, ROWS + 101))
    source = str(d / "source.parquet")
    pq.write_table(orders(ids, seed=3), source)
    return {"target": target, "source": source}


# ---------------------------------------------------------------------------------------------
# running lake and DuckDB


def lake_bin() -> str:
    path = os.environ.get("LAKE_BIN")
    assert path, "LAKE_BIN is not set: point it at the built lake binary"
    return path


def lake_sql(sql: str) -> list[dict]:
    """Runs statements through `lake sql --format jsonl`; the last statement's rows."""
    proc = subprocess.run([lake_bin(), "sql", "--format", "jsonl", "--threads", "2"], input=sql, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode >= 0, f"lake crashed with signal {-proc.returncode}: {proc.stderr[-2000:]}"
    assert proc.returncode == 0, f"lake sql failed on:\n{sql}\n{proc.stderr[-2000:]}"
    return jr.parse_jsonl(proc.stdout)


def lake_error(sql: str) -> str:
    proc = subprocess.run([lake_bin(), "sql", "--threads", "2"], input=sql, capture_output=True, text=True, timeout=600)
    assert proc.returncode != 0, f"expected lake to fail on:\n{sql}"
    assert 0 < proc.returncode < 128, f"lake crashed on:\n{sql}\n{proc.stderr[-2000:]}"
    return proc.stderr


def duck() -> Any:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute("SET threads = 2")
    return con


def duck_rows(con: Any, sql: str) -> list[dict]:
    return jr.table_to_rows(con.sql(sql).to_arrow_table())


# ---------------------------------------------------------------------------------------------
# the scenario: three setup commits, then DML statements, checked at every version


SETUP = [
    ("id <= 1000", "CTAS"),
    ("id > 1000 AND id <= 2000", "INSERT"),
    ("id > 2000", "INSERT"),
]


def build(path: str, inputs: dict[str, str], con: Any, partition: str | None = None, properties: str = "") -> list[list[dict]]:
    """Creates the lake table at `path` and the DuckDB table `t` from the same input, in three
    commits; returns the expected rows of versions 0..2."""
    target = inputs["target"]
    part = f" PARTITIONED BY ({partition})" if partition else ""
    props = f" TBLPROPERTIES ({properties})" if properties else ""
    snapshots = []
    for i, (where, kind) in enumerate(SETUP):
        if i == 0:
            lake_sql(f"CREATE TABLE delta.`{path}`{part}{props} AS SELECT * FROM parquet.`{target}` WHERE {where};")
            con.execute(f"CREATE TABLE t AS SELECT * FROM read_parquet('{target}') WHERE {where}")
        else:
            lake_sql(f"INSERT INTO delta.`{path}` SELECT * FROM parquet.`{target}` WHERE {where};")
            con.execute(f"INSERT INTO t SELECT * FROM read_parquet('{target}') WHERE {where}")
        snapshots.append(duck_rows(con, "SELECT * FROM t"))
    con.execute(f"CREATE TABLE s AS SELECT * FROM read_parquet('{inputs['source']}')")
    return snapshots


def apply(path: str, inputs: dict[str, str], con: Any, statements: list[tuple[str, str]], snapshots: list[list[dict]]) -> None:
    """Runs each (lake, DuckDB) statement pair; every lake statement must commit one version."""
    for lake_stmt, duck_stmt in statements:
        before = dr.commit_versions(path)[-1]
        lake_sql(lake_stmt.format(t=f"delta.`{path}`", s=f"parquet.`{inputs['source']}`") + ";")
        assert dr.commit_versions(path)[-1] == before + 1, f"{lake_stmt}: expected one new version"
        con.execute(duck_stmt)
        snapshots.append(duck_rows(con, "SELECT * FROM t"))


def check_versions(path: str, snapshots: list[list[dict]], label: str) -> None:
    """delta-rs and lake read every version as DuckDB's rows."""
    assert dr.commit_versions(path) == list(range(len(snapshots))), f"{label}: versions {dr.commit_versions(path)}"
    for v, expected in enumerate(snapshots):
        rows, schema = dr.delta_rows(path, v)
        dr.assert_same_rows(expected, rows, schema, f"{label}: delta-rs reading of v{v}")
        ours = lake_sql(f"SELECT * FROM delta.`{path}` VERSION AS OF {v};")
        dr.assert_same_rows(expected, ours, schema, f"{label}: lake reading of v{v}")
    problems = dr.check_add_stats(path)
    assert not problems, f"{label}: stats problems:\n" + "\n".join(problems[:10])


def operation_metrics(path: str, version: int) -> dict[str, str]:
    info = dr.commit_info(path, version) or {}
    return info.get("operationMetrics") or {}


# ---------------------------------------------------------------------------------------------
# DELETE


DELETE_CASES = {
    "rewrite": (None, [("DELETE FROM {t} WHERE id % 7 = 0 AND qty > 10", "DELETE FROM t WHERE id % 7 = 0 AND qty > 10")]),
    "nulls-and-or": (None, [("DELETE FROM {t} WHERE amount < 0 OR customer IS NULL", "DELETE FROM t WHERE amount < 0 OR customer IS NULL")]),
    "whole-files-by-stats": (None, [("DELETE FROM {t} WHERE id <= 1500", "DELETE FROM t WHERE id <= 1500")]),
    "partition-metadata-only": ("status", [("DELETE FROM {t} WHERE status = 'refunded'", "DELETE FROM t WHERE status = 'refunded'")]),
    "partition-and-data": ("status", [
        ("DELETE FROM {t} WHERE status IN ('paid', 'shipped') AND day < DATE '2022-03-01'",
         "DELETE FROM t WHERE status IN ('paid', 'shipped') AND day < DATE '2022-03-01'"),
        ("DELETE FROM {t} WHERE ts > TIMESTAMP '2023-01-01 00:00:00'", "DELETE FROM t WHERE ts > TIMESTAMPTZ '2023-01-01 00:00:00+00'"),
    ]),
    "everything": (None, [("DELETE FROM {t}", "DELETE FROM t")]),
}


@pytest.mark.parametrize("case", list(DELETE_CASES))
def test_delete_matches_duckdb(tmp_path, inputs, case):
    partition, statements = DELETE_CASES[case]
    path = str(tmp_path / "t")
    con = duck()
    snapshots = build(path, inputs, con, partition)
    apply(path, inputs, con, statements, snapshots)
    check_versions(path, snapshots, f"DELETE {case}")
    m = operation_metrics(path, 3)
    assert int(m["numDeletedRows"]) == len(snapshots[2]) - len(snapshots[3])
    if case == "partition-metadata-only":
        assert m["numAddedFiles"] == "0", m
    if case == "whole-files-by-stats":
        assert m["numCopiedRows"] == "500" and m["numFilesAfterSkipping"] == "2", m


# ---------------------------------------------------------------------------------------------
# UPDATE


UPDATE_CASES = {
    "some-columns": (None, [("UPDATE {t} SET amount = amount + 1, customer = upper(customer) WHERE qty BETWEEN 5 AND 9",
                             "UPDATE t SET amount = amount + 1, customer = upper(customer) WHERE qty BETWEEN 5 AND 9")]),
    "to-null-and-arithmetic": (None, [("UPDATE {t} SET score = NULL, qty = qty * 2 WHERE score > 5",
                                       "UPDATE t SET score = NULL, qty = qty * 2 WHERE score > 5")]),
    "moves-partitions": ("status", [("UPDATE {t} SET status = 'archived' WHERE day < DATE '2022-02-01'",
                                     "UPDATE t SET status = 'archived' WHERE day < DATE '2022-02-01'")]),
    "all-rows": (None, [("UPDATE {t} SET ts = TIMESTAMP '2024-05-05 05:05:05', day = date_add(day, 1)",
                         "UPDATE t SET ts = TIMESTAMPTZ '2024-05-05 05:05:05+00', day = day + 1")]),
}


@pytest.mark.parametrize("case", list(UPDATE_CASES))
def test_update_matches_duckdb(tmp_path, inputs, case):
    partition, statements = UPDATE_CASES[case]
    path = str(tmp_path / "t")
    con = duck()
    snapshots = build(path, inputs, con, partition)
    apply(path, inputs, con, statements, snapshots)
    check_versions(path, snapshots, f"UPDATE {case}")
    m = operation_metrics(path, 3)
    assert int(m["numUpdatedRows"]) > 0 and int(m["numRemovedFiles"]) > 0, m


# ---------------------------------------------------------------------------------------------
# MERGE


MERGE_CASES = {
    "upsert": (None, [(
        "MERGE INTO {t} AS t USING {s} AS s ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
        "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE WHEN NOT MATCHED THEN INSERT BY NAME",
    )]),
    "conditional-clauses": (None, [(
        "MERGE INTO {t} AS t USING {s} AS s ON t.id = s.id "
        "WHEN MATCHED AND s.qty > 25 THEN DELETE "
        "WHEN MATCHED THEN UPDATE SET amount = s.amount, status = s.status "
        "WHEN NOT MATCHED AND s.qty > 10 THEN INSERT (id, customer, amount, qty, status) VALUES (s.id, s.customer, s.amount, s.qty, s.status)",
        "MERGE INTO t USING s ON t.id = s.id "
        "WHEN MATCHED AND s.qty > 25 THEN DELETE "
        "WHEN MATCHED THEN UPDATE SET amount = s.amount, status = s.status "
        "WHEN NOT MATCHED AND s.qty > 10 THEN INSERT (id, customer, amount, qty, status) VALUES (s.id, s.customer, s.amount, s.qty, s.status)",
    )]),
    "not-matched-by-source": (None, [(
        "MERGE INTO {t} AS t USING {s} AS s ON t.id = s.id "
        "WHEN MATCHED THEN UPDATE SET qty = s.qty "
        "WHEN NOT MATCHED BY SOURCE AND t.status = 'pending' THEN DELETE "
        "WHEN NOT MATCHED BY SOURCE AND t.qty > 40 THEN UPDATE SET qty = 0",
        "MERGE INTO t USING s ON t.id = s.id "
        "WHEN MATCHED THEN UPDATE SET qty = s.qty "
        "WHEN NOT MATCHED BY SOURCE AND t.status = 'pending' THEN DELETE "
        "WHEN NOT MATCHED BY SOURCE AND t.qty > 40 THEN UPDATE SET qty = 0",
    )]),
    "insert-only": (None, [(
        "MERGE INTO {t} AS t USING {s} AS s ON t.id = s.id WHEN NOT MATCHED THEN INSERT *",
        "MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED THEN INSERT BY NAME",
    )]),
    "partitioned-key": ("status", [(
        "MERGE INTO {t} AS t USING (SELECT * FROM {s} WHERE status = 'paid') AS s ON t.id = s.id AND t.status = s.status "
        "WHEN MATCHED THEN UPDATE SET score = s.score WHEN NOT MATCHED THEN INSERT *",
        "MERGE INTO t USING (SELECT * FROM s WHERE status = 'paid') AS s ON t.id = s.id AND t.status = s.status "
        "WHEN MATCHED THEN UPDATE SET score = s.score WHEN NOT MATCHED THEN INSERT BY NAME",
    )]),
}


@pytest.mark.parametrize("case", list(MERGE_CASES))
def test_merge_matches_duckdb(tmp_path, inputs, case):
    partition, statements = MERGE_CASES[case]
    path = str(tmp_path / "t")
    con = duck()
    snapshots = build(path, inputs, con, partition)
    apply(path, inputs, con, statements, snapshots)
    check_versions(path, snapshots, f"MERGE {case}")
    m = operation_metrics(path, 3)
    assert m["numSourceRows"] == str(con.execute("SELECT count(*) FROM s").fetchone()[0]) or case == "partitioned-key", m
    if case == "insert-only":
        assert m["numTargetFilesRemoved"] == "0" and m["numTargetRowsInserted"] == "100", m
    if case == "partitioned-key":
        # Only the 'paid' partition files can match.
        assert int(m["numTargetFilesAfterSkipping"]) < int(m["numTargetFilesBeforeSkipping"]), m


def test_merge_with_duplicate_source_keys_fails_before_writing(tmp_path, inputs):
    path = str(tmp_path / "t")
    build(path, inputs, duck(), None)
    before = sorted(os.listdir(path))
    err = lake_error(f"MERGE INTO delta.`{path}` AS t USING (SELECT * FROM parquet.`{inputs['source']}` UNION ALL "
                     f"SELECT * FROM parquet.`{inputs['source']}`) AS s ON t.id = s.id "
                     f"WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *;")
    assert "multiple source rows matched" in err
    assert dr.commit_versions(path) == [0, 1, 2]
    assert sorted(os.listdir(path)) == before


# ---------------------------------------------------------------------------------------------
# the change data feed


def lake_changes(path: str, start: int, end: int | None = None) -> list[dict]:
    end_arg = "" if end is None else f", {end}"
    return lake_sql(f"SELECT * FROM table_changes_by_path('{path}', {start}{end_arg});")


def delta_rs_changes(path: str, start: int, end: int | None = None) -> pa.Table:
    table = dr.delta_table(path)
    reader = table.load_cdf(starting_version=start, ending_version=end)
    return pa.table(pa.RecordBatchReader.from_stream(reader).read_all())


def assert_same_changes(path: str, start: int, label: str, end: int | None = None) -> list[dict]:
    """lake's table_changes and delta-rs's load_cdf hold the same change rows (commit timestamps
    within a second of each other: delta-rs takes them from commitInfo, lake from the commit
    file); returns lake's rows."""
    ours = lake_changes(path, start, end)
    theirs_table = delta_rs_changes(path, start, end)
    schema = dr.delta_schema_to_arrow(dr.delta_table(path).schema().to_json())
    compare = pa.schema(list(schema) + [pa.field("_change_type", pa.string()), pa.field("_commit_version", pa.int64())])
    theirs = dr.table_rows(theirs_table.select(compare.names).cast(compare), compare)
    times = {}
    for r in theirs_table.select(["_commit_version", "_commit_timestamp"]).to_pylist():
        times[r["_commit_version"]] = r["_commit_timestamp"]
    for r in ours:
        t = dt.datetime.fromisoformat(r["_commit_timestamp"].replace("Z", "+00:00"))
        peer = times.get(r["_commit_version"])
        assert peer is not None, f"{label}: delta-rs has no changes for version {r['_commit_version']}"
        if peer.tzinfo is None:
            peer = peer.replace(tzinfo=UTC)
        assert abs((t - peer).total_seconds()) < 2, f"{label}: commit timestamp {t} vs delta-rs {peer}"
    stripped = [{k: v for k, v in r.items() if k != "_commit_timestamp"} for r in ours]
    dr.assert_same_rows(theirs, stripped, compare, f"{label}: lake table_changes vs delta-rs load_cdf from v{start}")
    return ours


def test_change_feed_of_lake_dml_reads_in_delta_rs(tmp_path, inputs):
    path = str(tmp_path / "t")
    con = duck()
    snapshots = build(path, inputs, con, "status", "delta.enableChangeDataFeed = true")
    apply(path, inputs, con, [
        ("DELETE FROM {t} WHERE id % 11 = 0", "DELETE FROM t WHERE id % 11 = 0"),                       # v3 rewrite
        ("DELETE FROM {t} WHERE status = 'refunded'", "DELETE FROM t WHERE status = 'refunded'"),       # v4 metadata only
        ("UPDATE {t} SET qty = qty + 100 WHERE id % 13 = 0", "UPDATE t SET qty = qty + 100 WHERE id % 13 = 0"),  # v5
        ("MERGE INTO {t} AS t USING {s} AS s ON t.id = s.id WHEN MATCHED AND s.qty < 5 THEN DELETE "
         "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
         "MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND s.qty < 5 THEN DELETE "
         "WHEN MATCHED THEN UPDATE WHEN NOT MATCHED THEN INSERT BY NAME"),                                  # v6
    ], snapshots)
    check_versions(path, snapshots, "CDF table")
    ours = assert_same_changes(path, 0, "CDF from v0")
    for v in range(3, 7):
        assert_same_changes(path, v, f"CDF v{v}", end=v)
    # The feed replays the table: inserts minus deletes, post-images replacing pre-images.
    kinds = {(r["_commit_version"], r["_change_type"]) for r in ours}
    assert (3, "delete") in kinds and (4, "delete") in kinds and (5, "update_preimage") in kinds and (5, "update_postimage") in kinds
    assert {(6, "insert"), (6, "delete"), (6, "update_postimage")} <= kinds
    updates = [r for r in ours if r["_commit_version"] == 5]
    assert len(updates) == 2 * sum(1 for r in snapshots[4] if r["id"] % 13 == 0)
    assert any(a.get("cdc") for _, a in dr.file_actions(path)) or os.path.isdir(os.path.join(path, "_change_data"))


# ---------------------------------------------------------------------------------------------
# tables delta-rs modified read here, and lake's DML on them reads there


def delta_rs_table(path: str, inputs: dict[str, str], cdf: bool) -> None:
    from deltalake import DeltaTable, write_deltalake

    target = pq.read_table(inputs["target"])
    config = {"delta.enableChangeDataFeed": "true"} if cdf else None
    write_deltalake(path, target.slice(0, 1500), partition_by=["status"], configuration=config)
    write_deltalake(path, target.slice(1500), mode="append")
    dt_ = DeltaTable(path)
    dt_.delete("qty > 45")
    dt_.update(updates={"qty": "qty + 1", "customer": "'updated'"}, predicate="id % 5 = 0")
    source = pq.read_table(inputs["source"])
    (dt_.merge(source=source, predicate="t.id = s.id", source_alias="s", target_alias="t")
        .when_matched_update_all().when_not_matched_insert_all().execute())


def check_both_readers(path: str, label: str) -> None:
    for v in dr.commit_versions(path):
        rows, schema = dr.delta_rows(path, v)
        ours = lake_sql(f"SELECT * FROM delta.`{path}` VERSION AS OF {v};")
        dr.assert_same_rows(rows, ours, schema, f"{label}: lake reading of v{v} vs delta-rs")


def test_tables_delta_rs_changed_read_here(tmp_path, inputs):
    path = str(tmp_path / "rs")
    delta_rs_table(path, inputs, cdf=True)
    assert dr.commit_versions(path) == [0, 1, 2, 3, 4]
    check_both_readers(path, "delta-rs delete/update/merge")
    assert_same_changes(path, 0, "delta-rs CDF")


def test_lake_dml_on_a_delta_rs_table_reads_there(tmp_path, inputs):
    path = str(tmp_path / "rs")
    delta_rs_table(path, inputs, cdf=True)
    lake_sql(f"DELETE FROM delta.`{path}` WHERE id % 9 = 0;"
             f"UPDATE delta.`{path}` SET score = 0.5 WHERE status = 'paid' AND qty < 10;"
             f"MERGE INTO delta.`{path}` t USING (SELECT id, 'merged' AS customer FROM parquet.`{inputs['source']}` WHERE id % 2 = 0) s "
             f"ON t.id = s.id WHEN MATCHED THEN UPDATE SET customer = s.customer;")
    assert dr.commit_versions(path) == list(range(8))
    check_both_readers(path, "lake DML on delta-rs table")
    assert_same_changes(path, 5, "lake CDF on delta-rs table")
    # delta-rs keeps writing to it.
    from deltalake import DeltaTable

    DeltaTable(path).delete("id < 100")
    check_both_readers(path, "delta-rs after lake")


# ---------------------------------------------------------------------------------------------
# constraints


def test_check_constraints_are_shared_with_delta_rs(tmp_path, inputs):
    from deltalake import DeltaTable, write_deltalake

    path = str(tmp_path / "t")
    build(path, inputs, duck(), None)
    assert "violate the new CHECK constraint" in lake_error(f"ALTER TABLE delta.`{path}` ADD CONSTRAINT pos CHECK (qty > 0 AND qty < 50);")
    lake_sql(f"ALTER TABLE delta.`{path}` ADD CONSTRAINT pos CHECK (qty IS NULL OR qty > 0);")
    table = DeltaTable(path)
    p = table.protocol()
    assert (p.min_reader_version, p.min_writer_version) == (1, 3)
    assert table.metadata().configuration["delta.constraints.pos"] == "qty IS NULL OR qty > 0"
    # delta-rs enforces lake's constraint...
    bad = orders([9001], seed=9).set_column(3, "qty", pa.array([-5], pa.int32()))
    with pytest.raises(Exception):
        write_deltalake(path, bad, mode="append")
    # ...and lake enforces delta-rs's.
    table.alter.add_constraint({"small_score": "score IS NULL OR score < 100"})
    err = lake_error(f"UPDATE delta.`{path}` SET score = 500 WHERE id = 1;")
    assert "small_score" in err and "violated" in err
    err = lake_error(f"INSERT INTO delta.`{path}` SELECT 9002, NULL, NULL, -1, NULL, 'paid', NULL, NULL;")
    assert "CHECK constraint pos" in err
    lake_sql(f"INSERT INTO delta.`{path}` SELECT 9003, NULL, NULL, 3, 1.0, 'paid', NULL, NULL;")
    assert dr.delta_table(path).to_pyarrow_table(filesystem=dr.local_fs(path)).num_rows == ROWS + 1


def test_dml_on_a_column_mapped_table_reads_in_delta_rs(tmp_path):
    """The column-mapping fixture (name mode, delta-rs): lake's UPDATE, DELETE and a MERGE that
    evolves the schema write physical names and field ids delta-rs's scan understands."""
    import shutil

    path = str(tmp_path / "cm")
    shutil.copytree(dr.table_path("column_mapping"), path)
    first = dr.commit_versions(path)[-1] + 1
    lake_sql(f"UPDATE delta.`{path}` SET `my col` = upper(`my col`), `Dot.Name` = 9.5 WHERE id = 1;"
             f"DELETE FROM delta.`{path}` WHERE id = 4;"
             f"MERGE WITH SCHEMA EVOLUTION INTO delta.`{path}` t USING (SELECT 3 AS id, 'm' AS extra UNION ALL SELECT 7, 'n') s "
             f"ON t.id = s.id WHEN MATCHED THEN UPDATE SET extra = s.extra WHEN NOT MATCHED THEN INSERT (id, extra) VALUES (s.id, s.extra);")
    for v in range(first, first + 3):
        rows, schema = dr.delta_rows(path, v, reader="scan")
        ours = lake_sql(f"SELECT * FROM delta.`{path}` VERSION AS OF {v};")
        dr.assert_same_rows(rows, ours, schema, f"column mapping v{v}")
    rows, _ = dr.delta_rows(path, reader="scan")
    assert {r["id"]: r.get("extra") for r in rows}.get(7) == "n"
    assert dr.delta_table(path).metadata().configuration["delta.columnMapping.mode"] == "name"
