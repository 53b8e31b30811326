"""Interop tests of `lake` against the pinned peers (needs $LAKE_BIN; `make test` sets it).

Read direction: `lake parquet cat FILE --format jsonl` must print exactly the expected rows of
every fixture (fixtures/parquet/*.jsonl) and of files pyarrow writes on the fly for a matrix of
codec x page version x dictionary x column kinds.

Write direction: `lake parquet rewrite` of every fixture must read back identically in pyarrow,
DuckDB, Spark (parquet-java) and Polars, with a footer that says what was asked for (codec, page
kind, dictionary), lake's created_by, column orders, correct statistics and the documented
physical types (timestamps INT64 micros, decimals by precision).

Bad input: truncated or corrupted files make `lake parquet cat` fail cleanly (exit code 1..127,
an error on stderr naming the file), never crash, never hang.
"""

from __future__ import annotations

import functools
import json
import math
import os
import struct
import subprocess

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import footer_checks
import jsonl_reference as jr
import peers
from conftest import fixture_names, fixture_path
from datagen import Data, _f, mixed_table, nested_schema, numbered

NAMES = fixture_names()
TIMEOUT = 120  # seconds for one lake invocation (a hang fails the test instead of the suite)

CODECS = {"none": "UNCOMPRESSED", "snappy": "SNAPPY", "gzip": "GZIP", "zstd": "ZSTD", "lz4": "LZ4_RAW", "brotli": "BROTLI"}
COMBOS = [(c, v) for c in CODECS for v in (1, 2)]
#: fixtures rewritten with every codec x page version (the others get one combination each)
CORE = ["pa_types_nullable", "pa_nested_nullable", "pa_decimal_int_nullable", "pa_int96", "spark_default", "spark_nested"]


# ---------------------------------------------------------------------------------------------
# helpers


def run_lake(lake_bin: str, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([lake_bin, *args], capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"lake {' '.join(args)} did not finish within {TIMEOUT}s (hang?)", pytrace=False)


def describe(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.decode("utf-8", "replace").strip()
    return f"exit {proc.returncode}; stderr: {err[-2000:]!r}"


def assert_no_crash(proc: subprocess.CompletedProcess, what: str) -> None:
    assert 0 <= proc.returncode < 128, f"{what} crashed: {describe(proc)}"


def lake_cat(lake_bin: str, path: str, limit: int | None = None) -> list[dict]:
    args = ["parquet", "cat", path, "--format", "jsonl"]
    if limit is not None:
        args += ["--limit", str(limit)]
    proc = run_lake(lake_bin, *args)
    assert_no_crash(proc, f"lake {' '.join(args)}")
    assert proc.returncode == 0, f"lake {' '.join(args)} failed: {describe(proc)}"
    text = proc.stdout.decode("utf-8")  # strict: the output must be valid UTF-8
    assert text == "" or text.endswith("\n"), "jsonl output must end with a newline"
    return jr.parse_jsonl(text)


def lake_rewrite(lake_bin: str, src: str, dst: str, *options: str) -> None:
    args = ["parquet", "rewrite", src, dst, *options]
    proc = run_lake(lake_bin, *args)
    assert_no_crash(proc, f"lake {' '.join(args)}")
    assert proc.returncode == 0, f"lake {' '.join(args)} failed: {describe(proc)}"
    assert os.path.getsize(dst) >= 12, f"{dst} is not a Parquet file"


@functools.lru_cache(maxsize=None)
def reference(path: str) -> tuple[list[dict], pa.Schema]:
    """pyarrow's reading of a file in the jsonl convention (cached per path)."""
    return jr.read_parquet_rows(path)


def expected_rows(name: str) -> list[dict]:
    with open(fixture_path(name, "jsonl"), encoding="utf-8", newline="") as f:
        return jr.parse_jsonl(f.read())


def project(rows: list[dict], columns: list[str]) -> list[dict]:
    return [{c: r[c] for c in columns} for r in rows]


def sub_schema(schema: pa.Schema, columns: list[str]) -> pa.Schema:
    return pa.schema([schema.field(c) for c in columns])


def combo_for(name: str) -> tuple[str, int]:
    return COMBOS[NAMES.index(name) % len(COMBOS)]


def assert_no_problems(problems: list[str], what: str) -> None:
    assert not problems, f"{what}:\n  " + "\n  ".join(problems[:20])


# ---------------------------------------------------------------------------------------------
# read direction: fixtures


@pytest.mark.parametrize("name", NAMES)
def test_cat_matches_expected_jsonl(lake_bin, name):
    path = fixture_path(name)
    _, schema = reference(path)
    jr.assert_rows_equal(expected_rows(name), lake_cat(lake_bin, path), schema, f"lake parquet cat {name}")


@pytest.mark.parametrize("name, limit", [("pa_many_row_groups", 0), ("pa_many_row_groups", 45), ("pa_many_row_groups", 10_000),
                                         ("pa_nested_nullable", 7), ("spark_small_pages", 201), ("pa_empty", 3)])
def test_cat_limit(lake_bin, name, limit):
    path = fixture_path(name)
    _, schema = reference(path)
    expected = expected_rows(name)[:limit]
    jr.assert_rows_equal(expected, lake_cat(lake_bin, path, limit), schema, f"lake parquet cat --limit {limit} {name}")


@pytest.mark.parametrize("name", ["pa_types_nullable", "pa_nested_nullable", "spark_legacy", "pa_empty", "pa_all_null"])
def test_schema_and_meta_commands(lake_bin, name):
    path = fixture_path(name)
    proc = run_lake(lake_bin, "parquet", "schema", path)
    assert proc.returncode == 0, f"lake parquet schema {name}: {describe(proc)}"
    text = proc.stdout.decode("utf-8")
    missing = [n for n in pq.ParquetFile(path).schema_arrow.names if n not in text]
    assert not missing, f"lake parquet schema {name} does not mention columns {missing}"
    proc = run_lake(lake_bin, "parquet", "meta", path)
    assert proc.returncode == 0 and proc.stdout.strip(), f"lake parquet meta {name}: {describe(proc)}"
    proc = run_lake(lake_bin, "parquet", "meta", path, "--format", "json")
    assert proc.returncode == 0, f"lake parquet meta --format json {name}: {describe(proc)}"
    json.loads(proc.stdout.decode("utf-8"))


# ---------------------------------------------------------------------------------------------
# read direction: freshly written by pyarrow


def _kinds() -> dict[str, pa.Table]:
    mixed = mixed_table(901, 120)
    flat = pa.schema(
        [
            _f("i8", pa.int8(), True),
            _f("u64", pa.uint64(), True),
            _f("i64", pa.int64(), False),
            _f("f32", pa.float32(), True),
            _f("f64", pa.float64(), True),
            _f("flag", pa.bool_(), True),
        ]
    )
    text = pa.schema([_f("s", pa.string(), True), _f("b", pa.binary(), True), _f("fb", pa.binary(4), True)])
    temporal = pa.schema(
        [
            _f("d", pa.date32(), True),
            _f("ts_ms", pa.timestamp("ms"), True),
            _f("ts_ns_utc", pa.timestamp("ns", "UTC"), True),
            _f("dec7_2", pa.decimal128(7, 2), True),
            _f("dec16_3", pa.decimal128(16, 3), True),
            _f("dec28_5", pa.decimal128(28, 5), True),
        ]
    )
    return {
        "numbers": Data(902).table(flat, 150),
        "text": Data(903).table(text, 150),
        "temporal": Data(904).table(temporal, 150),
        "nested": numbered(Data(905, max_len=3).table(nested_schema(True), 60, edge_rows=False)),
        "mixed": mixed,
    }


KINDS = _kinds()


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("dictionary", [True, False], ids=["dict", "plain"])
@pytest.mark.parametrize("version", ["1.0", "2.0"], ids=["v1", "v2"])
@pytest.mark.parametrize("codec", sorted(CODECS))
def test_cat_reads_pyarrow_matrix(lake_bin, tmp_path, codec, version, dictionary, kind):
    table = KINDS[kind]
    path = str(tmp_path / f"{kind}.parquet")
    pq.write_table(
        table,
        path,
        compression=codec,
        data_page_version=version,
        use_dictionary=dictionary,
        store_decimal_as_integer=(kind == "temporal" and version == "2.0"),
        data_page_size=1024,
        write_batch_size=64,
        row_group_size=100,
    )
    rows, schema = jr.read_parquet_rows(path)
    jr.assert_rows_equal(rows, lake_cat(lake_bin, path), schema, f"lake parquet cat ({codec}, {version}, dict={dictionary}, {kind})")


# ---------------------------------------------------------------------------------------------
# write direction


def _rewrite_cases() -> list[tuple[str, str, int]]:
    cases = []
    for name in NAMES:
        if name in CORE:
            cases += [(name, c, v) for c, v in COMBOS]
        else:
            cases.append((name, *combo_for(name)))
    return cases


def check_rewritten(original: str, rewritten: str, codec: str | None, page_version: int | None,
                    dictionary: bool | None = None) -> None:
    """pyarrow reads the same values; the footer is lake's and matches the options."""
    rows, schema = reference(original)
    new_rows, _ = jr.read_parquet_rows(rewritten)
    jr.assert_rows_equal(rows, new_rows, schema, f"pyarrow reading the rewrite of {os.path.basename(original)}")
    problems = []
    problems += footer_checks.check_created_by(rewritten)
    problems += footer_checks.check_column_orders(rewritten)
    problems += footer_checks.check_layout(rewritten, CODECS[codec] if codec else None, page_version, dictionary)
    problems += footer_checks.check_rewrite_types(original, rewritten)
    problems += footer_checks.check_statistics(rewritten, require=True, strict_zero=True)
    assert_no_problems(problems, f"footer of the rewrite of {os.path.basename(original)}")
    assert pq.ParquetFile(rewritten).metadata.num_rows == len(rows)


@pytest.mark.parametrize("name, codec, version", _rewrite_cases())
def test_rewrite_round_trips_in_pyarrow(lake_bin, tmp_path, name, codec, version):
    out = str(tmp_path / f"{name}.parquet")
    lake_rewrite(lake_bin, fixture_path(name), out, "--compression", codec, "--page-version", str(version))
    check_rewritten(fixture_path(name), out, codec, version)


@pytest.fixture(scope="module")
def peer_rewrites(lake_bin, tmp_path_factory):
    """One rewrite per fixture for the peer checks (zstd v2 / snappy v1 alternately: codecs every
    peer reads), made on first use."""
    folder = tmp_path_factory.mktemp("peer-rewrites")
    made: dict[str, str] = {}

    def get(name: str) -> str:
        if name not in made:
            codec, version = ("zstd", 2) if NAMES.index(name) % 2 == 0 else ("snappy", 1)
            out = str(folder / f"{name}.parquet")
            lake_rewrite(lake_bin, fixture_path(name), out, "--compression", codec, "--page-version", str(version))
            made[name] = out
        return made[name]

    return get


def _peer_check(peer: str, name: str, rewritten: str, read) -> None:
    rows, schema = reference(fixture_path(name))
    _, new_schema = jr.read_parquet_rows(rewritten)
    columns = [c for c in peers.peer_columns(peer, new_schema) if c in peers.peer_columns(peer, schema)]
    actual = read(rewritten, new_schema, columns)
    jr.assert_rows_equal(project(rows, columns), actual, sub_schema(schema, columns), f"{peer} reading lake's rewrite of {name}")


@pytest.mark.parametrize("name", NAMES)
def test_rewrite_read_by_duckdb(peer_rewrites, duck, name):
    _peer_check("duckdb", name, peer_rewrites(name), lambda p, s, c: peers.duckdb_rows(p, s, c, con=duck))


@pytest.mark.parametrize("name", NAMES)
def test_rewrite_read_by_polars(peer_rewrites, name):
    _peer_check("polars", name, peer_rewrites(name), peers.polars_rows)


@pytest.mark.parametrize("name", NAMES)
def test_rewrite_read_by_spark(peer_rewrites, spark, name):
    # the vectorized reader is Spark's own decoder; parquet-java's record reader is checked too
    # on every other fixture
    vectorized = NAMES.index(name) % 2 == 0
    _peer_check("spark", name, peer_rewrites(name), lambda p, s, c: peers.spark_rows(spark, p, s, c, vectorized=vectorized))


@pytest.mark.parametrize("name", ["pa_types_nullable", "pa_nested_nullable", "spark_default", "pa_dict_fallback_v1"])
@pytest.mark.parametrize("dictionary", ["on", "off"])
def test_rewrite_dictionary_option(lake_bin, tmp_path, name, dictionary):
    out = str(tmp_path / "out.parquet")
    lake_rewrite(lake_bin, fixture_path(name), out, "--dictionary", dictionary)
    check_rewritten(fixture_path(name), out, None, None, dictionary == "on")


@pytest.mark.parametrize("name, rows_per_group", [("pa_many_row_groups", 100), ("pa_types_nullable", 7), ("pa_nested_nullable", 25),
                                                  ("spark_small_pages", 1000)])
def test_rewrite_row_group_rows(lake_bin, tmp_path, name, rows_per_group):
    out = str(tmp_path / "out.parquet")
    lake_rewrite(lake_bin, fixture_path(name), out, "--row-group-rows", str(rows_per_group), "--compression", "zstd")
    check_rewritten(fixture_path(name), out, "zstd", None)
    md = pq.ParquetFile(out).metadata
    total = md.num_rows
    assert md.num_row_groups == max(1, math.ceil(total / rows_per_group)), f"{md.num_row_groups} row groups for {total} rows"
    sizes = [md.row_group(i).num_rows for i in range(md.num_row_groups)]
    assert all(s <= rows_per_group for s in sizes), f"row group sizes {sizes} exceed {rows_per_group}"


@pytest.mark.parametrize("name", ["pa_types_nullable", "pa_nested_nullable", "pa_int96", "pa_decimal256"])
def test_rewrite_output_is_read_by_lake(lake_bin, tmp_path, name):
    out = str(tmp_path / "out.parquet")
    lake_rewrite(lake_bin, fixture_path(name), out, "--compression", "gzip", "--page-version", "2")
    _, schema = reference(fixture_path(name))
    jr.assert_rows_equal(expected_rows(name), lake_cat(lake_bin, out), schema, f"lake reading its own rewrite of {name}")


# ---------------------------------------------------------------------------------------------
# bad input


def _footer_start(data: bytes) -> int:
    return len(data) - 8 - struct.unpack_from("<I", data, len(data) - 8)[0]


def _corruptions(data: bytes) -> dict[str, tuple[bytes, bool]]:
    """name -> (bytes, must_fail). must_fail=False: any clean outcome is fine, only no crash."""
    footer = _footer_start(data)
    tail_len = struct.pack("<I", 0x7FFFFFF0)
    out = {
        "empty": (b"", True),
        "three-bytes": (b"PAR", True),
        "magic-only": (b"PAR1", True),
        "two-magics": (b"PAR1PAR1", True),
        "half": (data[: len(data) // 2], True),
        "minus-1": (data[:-1], True),
        "minus-8": (data[:-8], True),
        "cut-in-footer": (data[: footer + (len(data) - 8 - footer) // 2], True),
        "bad-head-magic": (b"PAR2" + data[4:], True),
        "bad-tail-magic": (data[:-4] + b"PARX", True),
        "footer-length-huge": (data[:-8] + tail_len + b"PAR1", True),
        "footer-length-zero": (data[:-8] + struct.pack("<I", 0) + b"PAR1", True),
        "footer-zeroed": (data[:footer] + bytes(len(data) - 8 - footer) + data[-8:], True),
        "footer-garbled": (data[:footer] + bytes((b * 37 + 11) & 0xFF for b in data[footer:-8]) + data[-8:], False),
        "pages-zeroed": (data[:4] + bytes(footer - 4) + data[footer:], False),
        "pages-garbled": (data[:4] + bytes((b ^ 0x5A) for b in data[4:footer]) + data[footer:], False),
    }
    return out


@pytest.mark.parametrize("name", ["pa_types_nullable", "pa_nested_nullable", "spark_default", "pa_codec_zstd_v2", "pa_enc_all_v2"])
def test_bad_input_fails_cleanly(lake_bin, tmp_path, name):
    with open(fixture_path(name), "rb") as f:
        data = f.read()
    failures = []
    for label, (content, must_fail) in _corruptions(data).items():
        path = tmp_path / f"{name}-{label}.parquet"
        path.write_bytes(content)
        proc = run_lake(lake_bin, "parquet", "cat", str(path), "--format", "jsonl")
        stderr = proc.stderr.decode("utf-8", "replace")
        if not 0 <= proc.returncode < 128:
            failures.append(f"{label}: crashed ({describe(proc)})")
        elif proc.returncode != 0:
            if path.name not in stderr:
                failures.append(f"{label}: exit {proc.returncode} but stderr does not name {path.name}: {stderr[-300:]!r}")
        elif must_fail:
            failures.append(f"{label}: exit 0 for a broken file")
    assert not failures, f"bad input handling for {name}:\n  " + "\n  ".join(failures)


def test_missing_file_names_the_file(lake_bin, tmp_path):
    path = tmp_path / "does-not-exist.parquet"
    proc = run_lake(lake_bin, "parquet", "cat", str(path), "--format", "jsonl")
    assert 0 < proc.returncode < 128, describe(proc)
    assert path.name in proc.stderr.decode("utf-8", "replace"), describe(proc)


def test_directory_instead_of_file(lake_bin, tmp_path):
    proc = run_lake(lake_bin, "parquet", "cat", str(tmp_path), "--format", "jsonl")
    assert 0 < proc.returncode < 128, describe(proc)
