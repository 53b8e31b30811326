"""The pipeline demo against delta-rs: `lake demo` builds its lakehouse, then delta-rs reads
every gold table (and every other table's row count and version) and must see exactly what
`lake sql` sees; the event log answers "how many rows did each expectation drop in the last
update" with one SQL query, which DuckDB recomputes from the log as delta-rs reads it.

Run: LAKE_BIN=.build/release/lake .venv/bin/python -m pytest -q interop/test_pipeline_interop.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import pytest
from deltalake import DeltaTable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jsonl_reference as jr  # noqa: E402

GOLD = ["gold.revenue_by_day_state", "gold.top_categories", "gold.customer_lifetime_value"]
ALL = [
    "bronze.customers", "bronze.products", "bronze.orders", "bronze.order_items", "bronze.payments",
    "silver.customers", "silver.products", "silver.orders", "silver.order_items", "silver.payments", "silver.sales",
] + GOLD

# The event log query the README gives: rows each expectation dropped in the last update.
DROPPED_IN_LAST_UPDATE = """
SELECT dataset, expectation, dropped_records FROM event_log.ecommerce
WHERE event_type = 'expectation' AND action = 'drop'
  AND update_id = (SELECT update_id FROM event_log.ecommerce WHERE event_type = 'create_update'
                   ORDER BY sequence DESC LIMIT 1)
ORDER BY dataset, expectation
"""


def lake(*args: str, cwd: str | None = None, check: bool = True) -> subprocess.CompletedProcess:
    path = os.environ.get("LAKE_BIN")
    assert path, "LAKE_BIN is not set: run through `make test` (or set LAKE_BIN to the built lake binary)"
    proc = subprocess.run([path, *args], capture_output=True, text=True, cwd=cwd, timeout=900)
    assert proc.returncode >= 0, f"lake crashed with signal {-proc.returncode}: {proc.stderr[-2000:]}"
    if check:
        assert proc.returncode == 0, f"lake {' '.join(args)} failed:\n{proc.stderr[-3000:]}\n{proc.stdout[-3000:]}"
    return proc


def lake_sql(warehouse: str, sql: str) -> list[dict]:
    proc = lake("sql", "--warehouse", warehouse, "--format", "jsonl", sql)
    return [json.loads(line) for line in proc.stdout.split("\n") if line.strip()]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> str:
    directory = str(tmp_path_factory.mktemp("pipeline") / "demo")
    proc = lake("demo", "--dir", directory, "--scale", "1", "--no-live")
    assert "2 updates" in proc.stdout, proc.stdout
    return directory


def table_path(demo: str, name: str) -> str:
    schema, table = name.split(".")
    return os.path.join(demo, "lakehouse", schema, table)


def key(row: dict) -> str:
    return json.dumps(row, sort_keys=True, default=str)


@pytest.mark.parametrize("name", GOLD)
def test_gold_tables_read_identically_in_delta_rs(demo, name):
    warehouse = os.path.join(demo, "lakehouse")
    ours = lake_sql(warehouse, f"SELECT * FROM {name}")
    table = DeltaTable(table_path(demo, name)).to_pyarrow_table()
    theirs = jr.table_to_rows(table)
    assert len(ours) > 0
    assert len(ours) == len(theirs), f"{name}: lake reads {len(ours)} rows, delta-rs {len(theirs)}"
    assert [list(r.keys()) for r in ours[:1]] == [table.schema.names]
    assert sorted(ours, key=key) == sorted(theirs, key=key)


@pytest.mark.parametrize("name", ALL)
def test_every_table_has_the_same_version_and_rows_in_delta_rs(demo, name):
    warehouse = os.path.join(demo, "lakehouse")
    dt = DeltaTable(table_path(demo, name))
    count = lake_sql(warehouse, f"SELECT count(*) AS n FROM {name}")[0]["n"]
    assert dt.to_pyarrow_table().num_rows == count
    history = [json.loads(line) for line in lake("history", table_path(demo, name), "--format", "jsonl").stdout.splitlines() if line.strip()]
    assert dt.version() == history[0]["version"]


def test_event_log_answers_dropped_rows_per_expectation_in_one_query(demo):
    warehouse = os.path.join(demo, "lakehouse")
    ours = lake_sql(warehouse, DROPPED_IN_LAST_UPDATE)
    # The same question, answered by DuckDB over the event log as delta-rs reads it.
    events = DeltaTable(table_path(demo, "event_log.ecommerce")).to_pyarrow_table()
    con = duckdb.connect()
    con.register("events", events)
    theirs = con.sql("""
        SELECT dataset, expectation, dropped_records FROM events
        WHERE event_type = 'expectation' AND action = 'drop'
          AND update_id = (SELECT update_id FROM events WHERE event_type = 'create_update' ORDER BY sequence DESC LIMIT 1)
        ORDER BY dataset, expectation""").fetchall()
    assert [tuple(r.values()) for r in ours] == theirs
    by_name = {(r["dataset"], r["expectation"]): r["dropped_records"] for r in ours}
    # The demo's last update (April) drops rows with bad purchase times and prices.
    assert by_name[("silver.orders", "valid_purchase_time")] > 0
    assert by_name[("silver.order_items", "positive_price")] > 0
    # And it agrees with the update's flow_progress details (DLT's data_quality shape).
    details = con.sql("""
        SELECT dataset, details FROM events WHERE event_type = 'flow_progress'
          AND update_id = (SELECT update_id FROM events WHERE event_type = 'create_update' ORDER BY sequence DESC LIMIT 1)""").fetchall()
    dropped_by_dataset = {}
    for dataset, text in details:
        quality = json.loads(text)["flow_progress"].get("data_quality")
        if quality:
            dropped_by_dataset[dataset] = quality["dropped_records"]
    for (dataset, _), n in by_name.items():
        assert dropped_by_dataset[dataset] >= n


def test_rerun_changes_no_table_and_a_new_file_is_ingested_once(demo, tmp_path):
    before = {name: DeltaTable(table_path(demo, name)).version() for name in ALL}
    lake("demo", "--dir", demo, "--no-live")
    assert {name: DeltaTable(table_path(demo, name)).version() for name in ALL} == before
    # A file dropped into the landing directory by hand is ingested exactly once.
    landing = os.path.join(demo, "landing", "payments", "payments_manual.csv")
    with open(landing, "w") as f:
        f.write("order_id,payment_sequential,payment_type,payment_installments,payment_value\nO000001,7,pix,1,12.34\n")
    lake("pipeline", "run", os.path.join(demo, "pipeline.yaml"), "--no-live")
    lake("pipeline", "run", os.path.join(demo, "pipeline.yaml"), "--no-live")
    rows = DeltaTable(table_path(demo, "bronze.payments")).to_pyarrow_table().to_pylist()
    assert sum(1 for r in rows if r["_source_file"] == "payments_manual.csv") == 1
    assert DeltaTable(table_path(demo, "bronze.payments")).version() == before["bronze.payments"] + 1
