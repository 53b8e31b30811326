"""Self-check of the fixtures and of the normalizers, without `lake`.

For every fixture: the committed .jsonl is exactly what pyarrow + jsonl_reference produce now,
and DuckDB, Spark (parquet-java) and Polars read the same values (for the columns each can
read, see peers.PEER_LIMITS). This validates the expected files and the peer normalizers the
write-direction tests rely on. The statistics checker is validated on pyarrow's own files.
"""

from __future__ import annotations

import pyarrow as pa
import pytest

import footer_checks
import jsonl_reference as jr
import peers
from conftest import fixture_names, fixture_path

NAMES = fixture_names()

#: Columns a peer misreads in particular fixtures (peer bugs/gaps, see peers.PEER_LIMITS).
KNOWN_GAPS = {
    "duckdb": {
        # "BYTE_STREAM_SPLIT encoding is only supported for FLOAT, DOUBLE, INT32 or INT64 data"
        "pa_enc_byte_stream_split": {"fbin5", "dec20_3"},
        "pa_enc_all_v2": {"fbin5"},
    },
    "polars": {
        # "Decoding FixedLenByteArray(5) ByteStreamSplit/DeltaByteArray-encoded optional pages not yet supported"
        "pa_enc_byte_stream_split": {"fbin5", "dec20_3"},
        "pa_enc_all_v2": {"fbin5"},
        "pa_enc_delta_byte_array": {"fbin5"},
        # INT96 near -2**63 ns comes back as 2262-04-11 (wraps around)
        "pa_int96": {"ts_ns", "ts_us_utc", "ts_ms", "l_ts", "s"},
    },
}


def _columns(peer: str, name: str, schema: pa.Schema) -> list[str]:
    gaps = KNOWN_GAPS.get(peer, {}).get(name, set())
    return [c for c in peers.peer_columns(peer, schema) if c not in gaps]


def _reference(name: str) -> tuple[list[dict], pa.Schema]:
    return jr.read_parquet_rows(fixture_path(name))


def _project(rows: list[dict], columns: list[str]) -> list[dict]:
    return [{c: r[c] for c in columns} for r in rows]


def test_fixture_set_is_complete():
    assert len(NAMES) >= 40, f"only {len(NAMES)} fixtures: run .venv/bin/python fixtures/generate.py"


@pytest.mark.parametrize("name", NAMES)
def test_expected_jsonl_is_current(name):
    rows, schema = _reference(name)
    with open(fixture_path(name, "jsonl"), encoding="utf-8", newline="") as f:
        text = f.read()
    expected = jr.parse_jsonl(text)
    jr.assert_rows_equal(expected, rows, schema, name)
    assert text == jr.rows_to_text(rows), f"{name}.jsonl differs from a fresh rendering: regenerate the fixtures"


@pytest.mark.parametrize("name", NAMES)
def test_duckdb_reads_the_same(name, duck):
    rows, schema = _reference(name)
    columns = _columns("duckdb", name, schema)
    actual = peers.duckdb_rows(fixture_path(name), schema, columns, con=duck)
    jr.assert_rows_equal(_project(rows, columns), actual, pa.schema([schema.field(c) for c in columns]), f"duckdb {name}")


@pytest.mark.parametrize("name", NAMES)
def test_polars_reads_the_same(name):
    rows, schema = _reference(name)
    columns = _columns("polars", name, schema)
    actual = peers.polars_rows(fixture_path(name), schema, columns)
    jr.assert_rows_equal(_project(rows, columns), actual, pa.schema([schema.field(c) for c in columns]), f"polars {name}")


@pytest.mark.parametrize("name", [n for n in NAMES if peers.spark_can_read(fixture_path(n))])
def test_spark_reads_the_same(name, spark):
    rows, schema = _reference(name)
    columns = _columns("spark", name, schema)
    actual = peers.spark_rows(spark, fixture_path(name), schema, columns)
    jr.assert_rows_equal(_project(rows, columns), actual, pa.schema([schema.field(c) for c in columns]), f"spark {name}")


@pytest.mark.parametrize("name", [n for n in NAMES if n.startswith("pa_")])
def test_statistics_checker_accepts_pyarrow_files(name):
    assert footer_checks.check_statistics(fixture_path(name)) == []


def test_statistics_checker_sees_parquet_java_nan_max():
    # parquet-java 1.15 writes NaN as the max of float/double columns holding NaN: the checker
    # must flag it (our writer must not do that).
    problems = footer_checks.check_statistics(fixture_path("spark_default"))
    assert problems and all("NaN in min/max" in p for p in problems), problems
