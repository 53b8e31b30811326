"""Test support: checks on a Parquet file's footer (statistics, created_by, column orders, codec,
page kinds, physical/logical types after a rewrite). Each check returns a list of problems
(empty when the file is fine) so one assertion can report all of them.
"""

from __future__ import annotations

import json
import math
import re
import struct
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

import parquet_pages as pp
from jsonl_reference import _export_type, to_jsonl

CREATED_BY = re.compile(r"^lake version \d+\.\d+\.\d+ \(build [^()]+\)$")


def _logical(column: Any) -> dict[str, Any]:
    """pyarrow's logical type of a leaf as a dict, without its bookkeeping flags about converted
    types (they say how the footer spelled the type, not what the type is)."""
    lt = json.loads(column.logical_type.to_json())
    lt.pop("is_from_converted_type", None)
    lt.pop("force_set_converted_type", None)
    return lt


def stats_arrow_type(column: Any) -> pa.DataType | None:
    """The Arrow type that spells a statistic of this Parquet leaf in the jsonl convention."""
    lt = _logical(column)
    kind = lt.get("Type")
    phys = column.physical_type
    if kind == "Timestamp":
        unit = {"milliseconds": "ms", "microseconds": "us", "nanoseconds": "ns"}[lt["timeUnit"]]
        return pa.timestamp(unit, "UTC" if lt["isAdjustedToUTC"] else None)
    if kind == "Date":
        return pa.date32()
    if kind == "Decimal":
        return pa.decimal256(max(lt["precision"], 1), lt["scale"])
    if kind == "String" or kind in ("Enum", "JSON"):
        return pa.string()
    if kind == "Int":
        return pa.int64() if lt["isSigned"] else pa.uint64()
    if kind in ("Time", "Float16", "Interval", "Unknown"):
        return None
    return {
        "BOOLEAN": pa.bool_(),
        "INT32": pa.int32(),
        "INT64": pa.int64(),
        "FLOAT": pa.float32(),
        "DOUBLE": pa.float64(),
        "BYTE_ARRAY": pa.binary(),
        "FIXED_LEN_BYTE_ARRAY": pa.binary(),
    }.get(phys)


def stat_value(raw: Any, column: Any) -> Any:
    """A raw (physical) statistic as a Python value ordered like the data: unsigned ints made
    non-negative, decimals as unscaled ints, strings decoded."""
    lt = _logical(column)
    kind = lt.get("Type")
    if kind == "Int" and not lt["isSigned"] and isinstance(raw, int):
        return raw % (1 << (32 if column.physical_type == "INT32" else 64))
    if kind == "Decimal":
        if isinstance(raw, (bytes, bytearray)):
            return int.from_bytes(raw, "big", signed=True)
        return int(raw)
    if kind in ("String", "Enum", "JSON") and isinstance(raw, (bytes, bytearray)):
        return raw.decode("utf-8")
    return raw


def _data_key(value: Any, arrow_type: pa.DataType) -> Any:
    """A data value (from `_export_type(...).to_pylist()`) in the statistics' ordering domain."""
    if pa.types.is_decimal(arrow_type):
        sign, digits, exponent = value.as_tuple()
        unscaled = int("".join(map(str, digits)) or "0") * 10 ** (exponent + arrow_type.scale)
        return -unscaled if sign else unscaled
    if hasattr(value, "bytes") and not isinstance(value, (bytes, bytearray)):  # uuid.UUID
        return value.bytes
    return value


def _spell(value: Any, t: pa.DataType) -> Any:
    if pa.types.is_decimal(t):
        return to_jsonl(value, pa.decimal256(76, t.scale)) if isinstance(value, int) else to_jsonl(value, t)
    return to_jsonl(value, t)


def _same_float(a: float, b: float) -> bool:
    return struct.pack("<d", a) == struct.pack("<d", b)


def check_statistics(path: str, require: bool = False, strict_zero: bool = False) -> list[str]:
    """Statistics of every top-level flat column against the data of each row group.

    null_count must equal the nulls; min/max must equal the smallest/largest non-null value in
    the column's sort order (signed/unsigned ints, decimals numerically, byte arrays unsigned
    lexicographic, floats ignoring NaN). With `require`, min/max must be present whenever a
    non-null non-NaN value exists and absent otherwise; with `strict_zero`, a zero float min
    must be written -0.0 and a zero max +0.0 (parquet-format's rule)."""
    problems: list[str] = []
    pf = pq.ParquetFile(path)
    md = pf.metadata
    schema = pf.schema
    arrow_schema = pf.schema_arrow
    for j in range(md.num_columns):
        column = schema.column(j)
        name = column.path
        if "." in name or column.max_repetition_level > 0 or column.physical_type == "INT96":
            continue
        stype = stats_arrow_type(column)
        if stype is None:
            continue
        field = arrow_schema.field(name)
        if pa.types.is_null(field.type):
            continue
        for i in range(md.num_row_groups):
            if md.row_group(i).num_rows == 0:
                continue
            where = f"{name} (row group {i})"
            st = md.row_group(i).column(j).statistics
            data = pf.read_row_group(i, columns=[name]).column(0)
            exported = data.cast(_export_type(field.type)) if data.num_chunks else data
            values = [_data_key(v, field.type) for v in exported.to_pylist() if v is not None]
            nulls = data.null_count
            if st is None:
                if require:
                    problems.append(f"{where}: no statistics")
                continue
            if st.has_null_count and st.null_count != nulls:
                problems.append(f"{where}: null_count {st.null_count} != {nulls}")
            elif require and not st.has_null_count:
                problems.append(f"{where}: no null_count")
            if pa.types.is_floating(field.type):
                values = [v for v in values if not math.isnan(v)]
            if not values:
                if st.has_min_max and require:
                    problems.append(f"{where}: min/max written for a column without non-null, non-NaN values")
                continue
            if not st.has_min_max:
                if require:
                    problems.append(f"{where}: no min/max")
                continue
            lo, hi = stat_value(st.min_raw, column), stat_value(st.max_raw, column)
            want_lo, want_hi = min(values), max(values)
            if pa.types.is_floating(field.type):
                if isinstance(lo, float) and math.isnan(lo) or isinstance(hi, float) and math.isnan(hi):
                    problems.append(f"{where}: NaN in min/max ({lo}, {hi})")
                    continue
                for label, got, want, zero in (("min", lo, want_lo, -0.0), ("max", hi, want_hi, 0.0)):
                    if want == 0.0:
                        ok = got == 0.0 and (not strict_zero or _same_float(got, zero))
                    else:
                        ok = _same_float(float(got), float(want))
                    if not ok:
                        problems.append(f"{where}: {label} {got!r} != {want!r}")
                continue
            if pa.types.is_timestamp(field.type) or pa.types.is_date(field.type):
                got_lo, got_hi = _spell(lo, stype), _spell(hi, stype)
                want_lo_s, want_hi_s = _spell(want_lo, field.type), _spell(want_hi, field.type)
                # compare without the UTC marker: INT96 or time-zone metadata may differ
                if got_lo.rstrip("Z") != want_lo_s.rstrip("Z") or got_hi.rstrip("Z") != want_hi_s.rstrip("Z"):
                    problems.append(f"{where}: min/max ({got_lo}, {got_hi}) != ({want_lo_s}, {want_hi_s})")
                continue
            if isinstance(want_lo, str) and isinstance(lo, (bytes, bytearray)):
                lo, hi = lo.decode("utf-8", "replace"), hi.decode("utf-8", "replace")
            if isinstance(want_lo, str):
                want_lo, want_hi = min(values, key=lambda s: s.encode()), max(values, key=lambda s: s.encode())
            if lo != want_lo or hi != want_hi:
                problems.append(f"{where}: min/max ({lo!r}, {hi!r}) != ({want_lo!r}, {want_hi!r})")
    return problems


def check_created_by(path: str) -> list[str]:
    """created_by must read `lake version X.Y.Z (build ...)`."""
    value = pp.created_by(path)
    if value is None or not CREATED_BY.match(value):
        return [f"created_by {value!r} does not match {CREATED_BY.pattern}"]
    return []


def check_column_orders(path: str) -> list[str]:
    """column_orders must be present with one TYPE_ORDER per leaf column."""
    orders = pp.column_orders(path)
    leaves = pq.ParquetFile(path).metadata.num_columns
    if orders is None:
        return ["column_orders missing from the footer"]
    if len(orders) != leaves or set(orders) != {"TYPE_ORDER"}:
        return [f"column_orders {orders} for {leaves} leaf columns"]
    return []


def check_layout(path: str, codec: str | None = None, page_version: int | None = None,
                 dictionary: bool | None = None) -> list[str]:
    """Codec of every chunk (as stored: LZ4_RAW for lz4), page kinds, dictionary pages."""
    problems = []
    chunks = pp.column_chunks(path)
    for c in chunks:
        where = f"{c.path} (row group {c.row_group})"
        if codec is not None and c.codec != codec:
            problems.append(f"{where}: codec {c.codec}, expected {codec}")
        if page_version is not None:
            want = "DATA_PAGE_V2" if page_version == 2 else "DATA_PAGE"
            if c.data_page_types and c.data_page_types != {want}:
                problems.append(f"{where}: data pages {sorted(c.data_page_types)}, expected {want}")
        if dictionary is False and c.has_dictionary_page:
            problems.append(f"{where}: dictionary page written with --dictionary off")
        for p in c.pages:
            if p.type == "DATA_PAGE_V2" and p.num_rows is None:
                problems.append(f"{where}: DATA_PAGE_V2 without num_rows")
    if dictionary is True and chunks and not any(c.has_dictionary_page for c in chunks):
        problems.append("no dictionary page in any chunk with --dictionary on")
    return problems


def _leaf_types(path: str) -> dict[str, tuple[str, dict[str, Any], int | None]]:
    s = pq.ParquetFile(path).schema
    out = {}
    for i in range(len(s)):
        c = s.column(i)
        out[c.path] = (c.physical_type, _logical(c), c.length if c.physical_type == "FIXED_LEN_BYTE_ARRAY" else None)
    return out


def check_rewrite_types(original: str, rewritten: str) -> list[str]:
    """Leaf types after `lake parquet rewrite`: timestamps INT64 MICROS keeping isAdjustedToUTC
    (INT96 becomes UTC-adjusted), decimals INT32 (p<=9) / INT64 (p<=18) / FLBA (p<=38) / DOUBLE, every other
    leaf keeps its logical type. Leaves are matched in order (list/map group names may change)."""
    problems = []
    before = list(_leaf_types(original).items())
    after = list(_leaf_types(rewritten).items())
    if len(before) != len(after):
        return [f"{len(after)} leaf columns after rewrite, {len(before)} before"]
    for (path, (phys, lt, _)), (new_path, (new_phys, new_lt, _)) in zip(before, after):
        where = f"{path} -> {new_path}"
        kind = lt.get("Type")
        if phys == "INT96" or kind == "Timestamp":
            utc = True if phys == "INT96" else lt["isAdjustedToUTC"]
            ok = (
                new_phys == "INT64"
                and new_lt.get("Type") == "Timestamp"
                and new_lt.get("timeUnit") == "microseconds"
                and new_lt.get("isAdjustedToUTC") == utc
            )
            if not ok:
                problems.append(f"{where}: {new_phys} {new_lt}, expected INT64 Timestamp(MICROS, utc={utc})")
        elif kind == "Decimal" and lt["precision"] > 38:
            # Wider than Delta/Spark decimals: lake reads them as doubles (as DuckDB does).
            if new_phys != "DOUBLE" or new_lt.get("Type") != "None":
                problems.append(f"{where}: {new_phys} {new_lt}, expected DOUBLE (decimal wider than 38 digits)")
        elif kind == "Decimal":
            p = lt["precision"]
            want = "INT32" if p <= 9 else "INT64" if p <= 18 else "FIXED_LEN_BYTE_ARRAY"
            if new_phys != want or new_lt != lt:
                problems.append(f"{where}: {new_phys} {new_lt}, expected {want} {lt}")
        else:
            if new_lt != lt:
                problems.append(f"{where}: logical type {new_lt}, expected {lt}")
            if new_phys != phys:
                problems.append(f"{where}: physical type {new_phys}, expected {phys}")
    return problems
