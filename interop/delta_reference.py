"""Delta tables in the jsonl convention: delta-rs readings, log facts and row comparisons.

Shared by `fixtures/delta/generate.py`, `test_delta_fixtures_selfcheck.py` and
`test_delta_interop.py`.

* Fixture layout: `fixtures/delta/tables/<name>/` (a clean Delta table written by delta-rs),
  `fixtures/delta/expected/<name>/v<N>.jsonl` (rows at version N, sorted) and
  `fixtures/delta/expected/<name>/versions.json` (per-version facts, history).
* `read_table(path, version, reader)`: delta-rs's reading of a table at a version, as Arrow.
  `reader="pyarrow"` is `DeltaTable.to_pyarrow_table` (with an explicit pyarrow local file
  system: delta-rs's own Python file system handler makes the interpreter abort at exit,
  "terminate called without an active exception"); `reader="scan"` is delta-rs's DataFusion
  scan, the one that understands column mapping and deletion vectors.
* `delta_schema_to_arrow`: the Arrow types the jsonl convention uses for a Delta schema
  (float -> float32, timestamp -> UTC micros, timestamp_ntz -> naive micros ...).
* `sort_rows` / `assert_same_rows`: rows compared as multisets (row order is unspecified):
  both sides sorted by their canonical JSON text, then compared with `jsonl_reference.rows_equal`;
  a failure names the first differing row and the rows only one side has.
"""

from __future__ import annotations

import glob
import json
import os
import re
import urllib.parse
from collections import Counter
from typing import Any, Iterable, Sequence

import pyarrow as pa
import pyarrow.fs as pafs

import jsonl_reference as jr

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DELTA_FIXTURES = os.path.join(REPO, "fixtures", "delta")
TABLES = os.path.join(DELTA_FIXTURES, "tables")
EXPECTED = os.path.join(DELTA_FIXTURES, "expected")
#: Delta Acceptance Tests (delta-incubator/dat), next to the repository when present.
DAT = os.path.normpath(os.path.join(REPO, "..", "shared", "fixtures", "dat"))

_COMMIT = re.compile(r"^(\d{20})\.json$")
_CHECKPOINT = re.compile(r"^(\d{20})\.checkpoint(?:\.\d{10}\.\d{10})?\.parquet$")


# ---------------------------------------------------------------------------------------------
# fixture layout


def table_names() -> list[str]:
    """Every fixture table with a versions.json, by name."""
    return sorted(
        os.path.basename(os.path.dirname(p)) for p in glob.glob(os.path.join(EXPECTED, "*", "versions.json"))
    )


def table_path(name: str) -> str:
    """Directory of a fixture table."""
    return os.path.join(TABLES, name)


def expected_path(name: str, version: int) -> str:
    """The expected jsonl of a fixture table at `version`."""
    return os.path.join(EXPECTED, name, f"v{version}.jsonl")


def load_facts(name: str) -> dict[str, Any]:
    """versions.json of a fixture table."""
    with open(os.path.join(EXPECTED, name, "versions.json"), encoding="utf-8") as f:
        return json.load(f)


def load_expected(name: str, version: int) -> list[dict[str, Any]]:
    """The expected rows of a fixture table at `version` (sorted)."""
    with open(expected_path(name, version), encoding="utf-8", newline="") as f:
        return jr.parse_jsonl(f.read())


# ---------------------------------------------------------------------------------------------
# Delta schema -> Arrow (the types the jsonl convention is spelled from)

_PRIMITIVE = {
    "string": pa.string(),
    "long": pa.int64(),
    "integer": pa.int32(),
    "short": pa.int16(),
    "byte": pa.int8(),
    "float": pa.float32(),
    "double": pa.float64(),
    "boolean": pa.bool_(),
    "binary": pa.binary(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us", "UTC"),
    "timestamp_ntz": pa.timestamp("us"),
}
_DECIMAL = re.compile(r"^decimal\((\d+),\s*(\d+)\)$")


def delta_type_to_arrow(t: Any) -> pa.DataType:
    """The Arrow type of a Delta type (schemaString JSON: a name or a struct/array/map object)."""
    if isinstance(t, str):
        if t in _PRIMITIVE:
            return _PRIMITIVE[t]
        m = _DECIMAL.match(t)
        if m:
            return pa.decimal128(int(m.group(1)), int(m.group(2)))
        raise TypeError(f"Delta type {t!r} has no jsonl mapping")
    kind = t.get("type")
    if kind == "struct":
        return pa.struct([delta_field_to_arrow(f) for f in t["fields"]])
    if kind == "array":
        return pa.list_(pa.field("element", delta_type_to_arrow(t["elementType"]), t.get("containsNull", True)))
    if kind == "map":
        return pa.map_(
            pa.field("key", delta_type_to_arrow(t["keyType"]), False),
            pa.field("value", delta_type_to_arrow(t["valueType"]), t.get("valueContainsNull", True)),
        )
    raise TypeError(f"Delta type {t!r} has no jsonl mapping")


def delta_field_to_arrow(f: dict[str, Any]) -> pa.Field:
    return pa.field(f["name"], delta_type_to_arrow(f["type"]), f.get("nullable", True))


def delta_schema_to_arrow(schema: dict[str, Any] | str) -> pa.Schema:
    """The Arrow schema of a Delta schema (a dict or the schemaString text)."""
    if isinstance(schema, str):
        schema = json.loads(schema)
    return pa.schema([delta_field_to_arrow(f) for f in schema["fields"]])


def logical_schema(schema: dict[str, Any] | str) -> dict[str, Any]:
    """A Delta schema with every field's metadata dropped (column mapping ids and physical
    names are random per table; the logical names, types and nullability remain)."""
    if isinstance(schema, str):
        schema = json.loads(schema)

    def strip_type(t: Any) -> Any:
        if isinstance(t, str):
            return t
        if t.get("type") == "struct":
            return {"type": "struct", "fields": [strip_field(f) for f in t["fields"]]}
        if t.get("type") == "array":
            return {"type": "array", "elementType": strip_type(t["elementType"]), "containsNull": t.get("containsNull", True)}
        if t.get("type") == "map":
            return {
                "type": "map",
                "keyType": strip_type(t["keyType"]),
                "valueType": strip_type(t["valueType"]),
                "valueContainsNull": t.get("valueContainsNull", True),
            }
        return t

    def strip_field(f: dict[str, Any]) -> dict[str, Any]:
        return {"name": f["name"], "type": strip_type(f["type"]), "nullable": f.get("nullable", True), "metadata": {}}

    return {"type": "struct", "fields": [strip_field(f) for f in schema["fields"]]}


# ---------------------------------------------------------------------------------------------
# delta-rs readings


def local_fs(path: str) -> pafs.FileSystem:
    """A pyarrow file system rooted at a local table directory."""
    return pafs.SubTreeFileSystem(os.path.abspath(path), pafs.LocalFileSystem())


def delta_table(path: str, version: int | None = None) -> Any:
    from deltalake import DeltaTable

    return DeltaTable(os.path.abspath(path), version=version)


def read_table(path: str, version: int | None = None, reader: str = "pyarrow") -> pa.Table:
    """delta-rs's reading of the table at `version` (latest when None) as an Arrow table."""
    dt = delta_table(path, version)
    if reader == "pyarrow":
        return dt.to_pyarrow_table(filesystem=local_fs(path))
    if reader == "scan":
        return pa.RecordBatchReader.from_stream(dt.scan()).read_all()
    raise ValueError(f"unknown reader {reader!r}")


def table_rows(table: pa.Table, schema: pa.Schema | None = None) -> list[dict[str, Any]]:
    """Rows of an Arrow table in the jsonl convention, sorted; with `schema`, the columns are put
    in the schema's order and spelled by its types (a reader's string_view is a string ...)."""
    if schema is not None:
        missing = [n for n in schema.names if n not in table.column_names]
        if missing or len(table.column_names) != len(schema.names):
            raise AssertionError(f"columns {table.column_names} do not match the Delta schema {schema.names}")
        columns = [jr.peer_column_values(table.column(f.name), f.type) for f in schema]
        rows = [dict(zip(schema.names, r)) for r in zip(*columns)] if columns else [{} for _ in range(table.num_rows)]
        return sort_rows(rows, schema)
    return sort_rows(jr.table_to_rows(table), table.schema)


def delta_rows(path: str, version: int | None = None, reader: str = "pyarrow") -> tuple[list[dict[str, Any]], pa.Schema]:
    """(sorted rows, Arrow schema from the Delta schema) of a table at `version` as delta-rs reads it."""
    dt = delta_table(path, version)
    schema = delta_schema_to_arrow(dt.schema().to_json())
    return table_rows(read_table(path, version, reader), schema), schema


def rows_by_polars(path: str, version: int, schema: pa.Schema) -> list[dict[str, Any]]:
    """Rows of a table at `version` as Polars reads it (`pl.read_delta`), sorted."""
    import polars as pl

    df = pl.read_delta(os.path.abspath(path), version=version)
    return table_rows(df.to_arrow(), schema)


# ---------------------------------------------------------------------------------------------
# canonical row text, sorting and comparison


def _canonical(value: Any, t: pa.DataType) -> Any:
    if value is None:
        return None
    if pa.types.is_float32(t) or pa.types.is_float64(t):
        if isinstance(value, str) or isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return jr.shortest_float32(float(value)) if pa.types.is_float32(t) else float(value)
        return value
    if (pa.types.is_list(t) or pa.types.is_large_list(t)) and isinstance(value, list):
        return [_canonical(v, t.value_type) for v in value]
    if pa.types.is_map(t) and isinstance(value, dict):
        return {k: _canonical(v, t.item_type) for k, v in value.items()}
    if pa.types.is_struct(t) and isinstance(value, dict):
        out = {}
        for k, v in value.items():
            i = t.get_field_index(k)
            out[k] = _canonical(v, t.field(i).type) if i >= 0 else v
        return out
    return value


def row_text(row: Any, schema: pa.Schema | None = None) -> str:
    """The canonical jsonl text of a row (numbers in float columns as floats, float32 shortest)."""
    if schema is not None and isinstance(row, dict):
        row = {k: (_canonical(v, schema.field(k).type) if schema.get_field_index(k) >= 0 else v) for k, v in row.items()}
    return json.dumps(row, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def sort_rows(rows: Iterable[Any], schema: pa.Schema | None = None) -> list[Any]:
    """Rows sorted by their canonical JSON text (the stable order of the expected files)."""
    return [r for _, r in sorted(((row_text(r, schema), r) for r in rows), key=lambda p: p[0])]


def rows_diff(expected: Sequence[Any], actual: Sequence[Any], schema: pa.Schema) -> str | None:
    """Compare two row multisets; None when equal, else a readable report: counts, the first
    differing row (after sorting both) and up to five rows only one side has."""
    e_sorted = sort_rows(expected, schema)
    a_sorted = sort_rows(actual, schema)
    d = jr.rows_equal(e_sorted, a_sorted, schema)
    if d is None:
        return None
    e_text = [row_text(r, schema) for r in e_sorted]
    a_text = [row_text(r, schema) for r in a_sorted]
    lines = [f"{len(expected)} rows expected, {len(actual)} rows read: {d}"]
    for i, (x, y) in enumerate(zip(e_text, a_text)):
        if x != y:
            lines.append(f"first differing row (sorted) #{i}:\n  expected {x}\n  actual   {y}")
            break
    missing = Counter(e_text) - Counter(a_text)
    extra = Counter(a_text) - Counter(e_text)
    if missing:
        lines.append(f"{sum(missing.values())} expected rows missing, e.g.:")
        lines += [f"  - {t}" for t in list(missing)[:5]]
    if extra:
        lines.append(f"{sum(extra.values())} unexpected rows, e.g.:")
        lines += [f"  + {t}" for t in list(extra)[:5]]
    return "\n".join(lines)


def assert_same_rows(expected: Sequence[Any], actual: Sequence[Any], schema: pa.Schema, label: str = "") -> None:
    """Assert two row lists hold the same rows in any order (see `rows_diff`)."""
    d = rows_diff(expected, actual, schema)
    if d:
        raise AssertionError(f"{label}: {d}" if label else d)


# ---------------------------------------------------------------------------------------------
# the log


def log_dir(path: str) -> str:
    return os.path.join(path, "_delta_log")


def commit_versions(path: str) -> list[int]:
    """Versions with a commit file `<version>.json` in the log, ascending."""
    out = []
    for f in os.listdir(log_dir(path)):
        m = _COMMIT.match(f)
        if m:
            out.append(int(m.group(1)))
    return sorted(out)


def checkpoint_versions(path: str) -> list[int]:
    """Versions with a (single- or multi-part) checkpoint file, ascending, distinct."""
    out = set()
    for f in os.listdir(log_dir(path)):
        m = _CHECKPOINT.match(f)
        if m:
            out.add(int(m.group(1)))
    return sorted(out)


def commit_actions(path: str, version: int) -> list[dict[str, Any]]:
    """The actions of one commit file."""
    with open(os.path.join(log_dir(path), f"{version:020d}.json"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def commit_info(path: str, version: int) -> dict[str, Any] | None:
    """The commitInfo action of a commit, or None."""
    for a in commit_actions(path, version):
        if "commitInfo" in a:
            return a["commitInfo"]
    return None


def last_checkpoint(path: str) -> dict[str, Any] | None:
    """The content of `_delta_log/_last_checkpoint`, or None when it is absent."""
    p = os.path.join(log_dir(path), "_last_checkpoint")
    if not os.path.exists(p):
        return None
    with open(p, encoding="utf-8") as f:
        return json.loads(f.read())


def file_actions(path: str) -> Iterable[tuple[str, dict[str, Any]]]:
    """Every add/remove/cdc action in the commit files and checkpoints, as (kind, action)."""
    import pyarrow.parquet as pq

    for v in commit_versions(path):
        for a in commit_actions(path, v):
            for kind in ("add", "remove", "cdc"):
                if kind in a:
                    yield kind, a[kind]
    for f in sorted(os.listdir(log_dir(path))):
        if _CHECKPOINT.match(f):
            t = pq.read_table(os.path.join(log_dir(path), f))
            for kind in ("add", "remove"):
                if kind in t.column_names:
                    for a in t.column(kind).to_pylist():
                        if a is not None:
                            yield kind, a


def non_relative_paths(path: str) -> list[str]:
    """File paths in the log that are absolute or carry a URI scheme (a table must stay valid
    when the repository is cloned elsewhere)."""
    bad = []
    for kind, a in file_actions(path):
        p = a["path"]
        if p.startswith("/") or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", p):
            bad.append(f"{kind}: {p}")
    return bad


def data_file(path: str, add_path: str) -> str:
    """The local file an add action's (URI-encoded, relative) path names."""
    return os.path.join(path, urllib.parse.unquote(add_path))


# ---------------------------------------------------------------------------------------------
# history / describe facts


def normalize_parameters(params: Any) -> Any:
    """operationParameters with every value as a string (Spark's map<string,string>): delta-rs
    writes some values as JSON numbers/booleans/objects."""
    if not isinstance(params, dict):
        return params
    return {k: v if isinstance(v, str) or v is None else json.dumps(v, separators=(",", ":")) for k, v in params.items()}


def protocol_facts(dt: Any) -> dict[str, Any]:
    p = dt.protocol()
    return {
        "minReaderVersion": p.min_reader_version,
        "minWriterVersion": p.min_writer_version,
        "readerFeatures": sorted(p.reader_features) if p.reader_features else None,
        "writerFeatures": sorted(p.writer_features) if p.writer_features else None,
    }


def add_facts(dt: Any) -> dict[str, Any]:
    """numFiles, numRecords (from the stats) and sizeInBytes of the live files of a snapshot."""
    adds = pa.table(dt.get_add_actions(flatten=True))
    records = adds.column("num_records").to_pylist() if "num_records" in adds.column_names else []
    sizes = adds.column("size_bytes").to_pylist() if adds.num_rows else []
    return {
        "numFiles": adds.num_rows,
        "numRecords": sum(r for r in records if r is not None) if records else 0,
        "sizeInBytes": sum(sizes),
    }


# ---------------------------------------------------------------------------------------------
# per-file statistics


def _stat_close(stat: Any, actual: Any, is_max: bool) -> bool:
    """Whether a min/max statistic is acceptable for the actual min/max of a file's column.

    Timestamps: Delta stats are milliseconds (Spark truncates), so within 1 ms. Strings: writers
    may truncate (a prefix for min, a larger string for max), so only the bound is checked.
    Decimals: JSON numbers, compared as doubles."""
    import datetime as _dt
    import decimal as _dec

    if isinstance(actual, _dec.Decimal) and isinstance(stat, (_dec.Decimal, int, float)):
        # JSON numbers; delta-rs goes through a double (15-17 significant digits)
        return abs(float(stat) - float(actual)) <= 1e-12 * max(1.0, abs(float(actual)))
    if isinstance(actual, _dt.datetime) and isinstance(stat, _dt.datetime):
        return abs((stat - actual).total_seconds()) < 0.001
    if isinstance(actual, str) and isinstance(stat, str):
        return stat >= actual if is_max else stat <= actual
    if isinstance(actual, float) and isinstance(stat, (int, float)):
        return float(stat) == actual
    return stat == actual


def check_add_stats(path: str, version: int | None = None, required: Iterable[str] = ()) -> list[str]:
    """Problems with the stats of the live files of a table (no column mapping) at `version`.

    For every add: `numRecords` equals the file's row count; `nullCount` of each top-level
    primitive data column is exact; `minValues`/`maxValues`, where present, match the file (see
    `_stat_close`). Columns in `required` must have nullCount, and minValues/maxValues unless
    the file's column is all null."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    dt = delta_table(path, version)
    partition_columns = set(dt.metadata().partition_columns)
    adds = pa.table(dt.get_add_actions(flatten=True)).to_pylist()
    required = list(required)
    problems = []
    for add in adds:
        name = add["path"]
        try:
            data = pq.read_table(data_file(path, name))
        except Exception as e:  # noqa: BLE001
            problems.append(f"{name}: cannot read the file: {e}")
            continue
        if add.get("num_records") != data.num_rows:
            problems.append(f"{name}: numRecords {add.get('num_records')} but the file has {data.num_rows} rows")
        for column in data.column_names:
            if column in partition_columns:
                continue
            values = data.column(column)
            if pa.types.is_string_view(values.type) or pa.types.is_large_string(values.type):
                values = values.cast(pa.string())
            t = values.type
            if pa.types.is_nested(t) or pa.types.is_binary(t) or pa.types.is_large_binary(t):
                continue
            nulls = values.null_count
            nc = add.get(f"null_count.{column}")
            if nc is None:
                if column in required:
                    problems.append(f"{name}: no nullCount for {column}")
            elif nc != nulls:
                problems.append(f"{name}: nullCount.{column} = {nc}, the file has {nulls} nulls")
            if nulls == len(values):
                continue
            if pa.types.is_floating(t) and pc.any(pc.is_nan(values)).as_py():
                continue  # min/max with NaN are writer-defined
            if pa.types.is_boolean(t):
                continue  # Spark collects no min/max for booleans
            mm = pc.min_max(values)
            for key, actual in (("min", mm["min"].as_py()), ("max", mm["max"].as_py())):
                stat = add.get(f"{key}.{column}")
                if stat is None:
                    if column in required:
                        problems.append(f"{name}: no {key}Values for {column}")
                elif not _stat_close(stat, actual, key == "max"):
                    problems.append(f"{name}: {key}Values.{column} = {stat!r}, the file's {key} is {actual!r}")
    return problems
