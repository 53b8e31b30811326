"""Reference for the `lake parquet cat --format jsonl` row convention.

Converts Arrow data read from Parquet by a peer (pyarrow, Polars' Arrow export) or plain Python
values returned by a peer (DuckDB `fetchall`, Spark `collect`) into the Python objects that
`json.loads` yields for one line of `lake parquet cat --format jsonl`:

* keys in column (field) order; null -> None
* booleans -> bool, integers of every width (incl. uint64) -> int
* float64 -> float; float32 -> the float with the shortest float32 decimal form (0.1f -> 0.1);
  NaN / +inf / -inf -> "NaN" / "Infinity" / "-Infinity"
* decimals -> strings with exactly `scale` fraction digits ("12.30", "-0.05", scale 0: "12");
  decimals wider than 38 digits -> the nearest float (lake reads them as doubles, as DuckDB does)
* strings -> str; binary, fixed-size binary, UUID -> standard padded base64
* dates -> "YYYY-MM-DD"
* timestamps -> "YYYY-MM-DDTHH:MM:SS.ffffff" (always six digits) plus "Z" when adjusted to UTC;
  millis exact, nanos truncated toward negative infinity to micros; INT96 counts as UTC
* structs -> dict, lists -> list, maps -> dict with stringified keys (entry order kept)

Types outside the convention (time of day, float16, duration, intervals) raise `TypeError`.

Compare rows with `assert_rows_equal`, which knows the Arrow schema so it can compare float32
values after rounding both sides to float32 and check key order.
"""

from __future__ import annotations

import base64
import datetime as _dt
import decimal
import json
import math
import struct
import uuid
from typing import Any, Iterable, Sequence

import pyarrow as pa

__all__ = [
    "UnsupportedType",
    "float32_round",
    "shortest_float32",
    "format_timestamp",
    "format_date",
    "format_decimal",
    "to_jsonl",
    "utc_int96_schema",
    "table_to_rows",
    "read_parquet_rows",
    "rows_to_text",
    "parse_jsonl",
    "assert_rows_equal",
    "rows_equal",
]

_EPOCH_DATE = _dt.date(1970, 1, 1)
_EPOCH_NAIVE = _dt.datetime(1970, 1, 1)
_EPOCH_UTC = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_ONE_MICRO = _dt.timedelta(microseconds=1)
_UNIT_TO_MICROS = {"s": (1_000_000, 1), "ms": (1000, 1), "us": (1, 1), "ns": (1, 1000)}


class UnsupportedType(TypeError):
    """An Arrow type that the jsonl convention does not map (time of day, float16, ...)."""


# ---------------------------------------------------------------------------------------------
# scalar formatting


def float32_round(x: float) -> float:
    """`x` rounded to the nearest float32, widened back to a Python float."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def shortest_float32(x: float) -> float:
    """The Python float whose repr is the shortest decimal that round-trips to float32(x).

    This is what a reader parses from the CLI's shortest Float32 rendering (0.1f -> 0.1)."""
    target = struct.pack("<f", x)
    for digits in range(1, 10):
        candidate = float(f"{x:.{digits}g}")
        try:
            if struct.pack("<f", candidate) == target:
                return candidate
        except OverflowError:  # rounded past FLT_MAX (3.403e38)
            continue
    return float32_round(x)


def _special_float(x: float) -> str | None:
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return None


def _micros_to_text(micros: int, utc: bool) -> str:
    d = _EPOCH_NAIVE + _dt.timedelta(microseconds=micros)
    text = (
        f"{d.year:04d}-{d.month:02d}-{d.day:02d}T"
        f"{d.hour:02d}:{d.minute:02d}:{d.second:02d}.{d.microsecond:06d}"
    )
    return text + "Z" if utc else text


def format_timestamp(value: int, unit: str, utc: bool) -> str:
    """A timestamp stored as `value` `unit`s since the epoch, at microsecond precision.

    Nanoseconds are truncated toward negative infinity (floor division)."""
    mul, div = _UNIT_TO_MICROS[unit]
    return _micros_to_text(value * mul // div, utc)


def format_date(days: int) -> str:
    """Days since 1970-01-01 as YYYY-MM-DD."""
    d = _EPOCH_DATE + _dt.timedelta(days=days)
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def format_decimal(value: decimal.Decimal | int, scale: int) -> str:
    """A decimal as a string with exactly `scale` fraction digits.

    `value` is either a `Decimal` (any exponent) or the unscaled integer."""
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError(f"non-finite decimal {value!r}")
        sign, digits, exponent = value.as_tuple()
        unscaled = int("".join(map(str, digits)) or "0")
        shift = exponent + scale  # value = unscaled * 10**exponent = (unscaled * 10**shift) * 10**-scale
        if shift >= 0:
            unscaled *= 10**shift
        else:
            unscaled, rest = divmod(unscaled, 10**-shift)
            if rest:
                raise ValueError(f"{value} has more than {scale} fraction digits")
        if sign:
            unscaled = -unscaled
    else:
        unscaled = int(value)
    negative = unscaled < 0
    magnitude = -unscaled if negative else unscaled
    if scale > 0:
        whole, frac = divmod(magnitude, 10**scale)
        text = f"{whole}.{frac:0{scale}d}"
    else:
        text = str(magnitude * 10**-scale)
    return "-" + text if negative else text


def _b64(raw: bytes | bytearray | memoryview) -> str:
    return base64.b64encode(bytes(raw)).decode("ascii")


# ---------------------------------------------------------------------------------------------
# value conversion (Arrow-exported Python values and peer Python values alike)


def _micros_of(value: Any, t: pa.TimestampType) -> int:
    """Microseconds since the epoch of a timestamp given as int (in t.unit) or datetime."""
    if isinstance(value, bool):
        raise TypeError(f"boolean {value!r} for {t}")
    if isinstance(value, int):
        mul, div = _UNIT_TO_MICROS[t.unit]
        return value * mul // div
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            return (value - _EPOCH_UTC) // _ONE_MICRO
        return (value - _EPOCH_NAIVE) // _ONE_MICRO
    # pandas.Timestamp / numpy datetime64 are not expected (no pandas in the pinned peers)
    raise TypeError(f"cannot read {type(value).__name__} {value!r} as {t}")


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, str):
        return key
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float):
        return json.dumps(key)
    raise TypeError(f"map key {key!r} cannot be stringified")


def _entries(value: Any) -> Iterable[tuple[Any, Any]]:
    if isinstance(value, dict):
        if set(value.keys()) == {"key", "value"} and isinstance(value["key"], list):
            return zip(value["key"], value["value"])  # old DuckDB MAP shape
        return value.items()
    return ((entry[0], entry[1]) for entry in value)


def _struct_items(value: Any, t: pa.StructType) -> list[Any]:
    if isinstance(value, dict):
        return [value.get(t.field(i).name) for i in range(t.num_fields)]
    as_dict = getattr(value, "asDict", None)  # pyspark Row
    if as_dict is not None:
        d = as_dict()
        return [d.get(t.field(i).name) for i in range(t.num_fields)]
    if isinstance(value, (tuple, list)):
        if len(value) != t.num_fields:
            raise TypeError(f"struct value with {len(value)} items for {t}")
        return list(value)
    raise TypeError(f"cannot read {type(value).__name__} as {t}")


def to_jsonl(value: Any, t: pa.DataType) -> Any:
    """One value in the jsonl convention, guided by its Arrow type `t`.

    `value` is what `pa.Array.to_pylist()` yields after `_export_type` casts (timestamps and dates
    as integers), or what DuckDB / Spark / Polars hand back in Python (datetime, date, Decimal,
    bytes, bytearray, uuid.UUID, Row, dict, list of pairs ...)."""
    if value is None:
        return None
    if isinstance(t, pa.BaseExtensionType):
        return to_jsonl(value, t.storage_type)
    if pa.types.is_dictionary(t):
        return to_jsonl(value, t.value_type)
    if pa.types.is_null(t):
        raise TypeError(f"non-null value {value!r} in a null-typed column")
    if pa.types.is_boolean(t):
        if not isinstance(value, bool):
            raise TypeError(f"{value!r} is not a boolean")
        return value
    if pa.types.is_integer(t):
        if isinstance(value, bool):
            raise TypeError(f"boolean {value!r} for {t}")
        if isinstance(value, decimal.Decimal):  # Spark reads UINT64 as DECIMAL(20,0)
            if value != value.to_integral_value():
                raise TypeError(f"non-integral {value!r} for {t}")
            return int(value)
        return int(value)
    if pa.types.is_float16(t):
        raise UnsupportedType("float16 is not mapped by the jsonl convention")
    if pa.types.is_float32(t) or pa.types.is_float64(t):
        if isinstance(value, bool):
            raise TypeError(f"boolean {value!r} for {t}")
        x = float(value)
        special = _special_float(x)
        if special is not None:
            return special
        return shortest_float32(x) if pa.types.is_float32(t) else x
    if pa.types.is_decimal(t):
        if t.precision > 38:
            # Wider than Delta/Spark decimals: lake reads these as the nearest double, as DuckDB does.
            return float(value)
        if isinstance(value, float):
            raise TypeError(f"float {value!r} for {t} (peer lost the decimal)")
        return format_decimal(value, t.scale)
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t):
        if not isinstance(value, str):
            raise TypeError(f"{type(value).__name__} {value!r} for {t}")
        return value
    if (
        pa.types.is_binary(t)
        or pa.types.is_large_binary(t)
        or pa.types.is_fixed_size_binary(t)
        or pa.types.is_binary_view(t)
    ):
        if isinstance(value, uuid.UUID):
            return _b64(value.bytes)
        if isinstance(value, str):
            raise TypeError(f"string {value!r} for {t}")
        return _b64(value)
    if pa.types.is_date32(t) or pa.types.is_date64(t):
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        days = value if pa.types.is_date32(t) else value // 86_400_000
        return format_date(days)
    if pa.types.is_timestamp(t):
        return _micros_to_text(_micros_of(value, t), t.tz is not None)
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t) or (
        pa.types.is_list_view(t) or pa.types.is_large_list_view(t)
    ):
        return [to_jsonl(item, t.value_type) for item in value]
    if pa.types.is_map(t):
        out: dict[str, Any] = {}
        for k, v in _entries(value):
            key = _key_text(to_jsonl(k, t.key_type))
            if key in out:
                raise ValueError(f"duplicate map key {key!r}: not representable as a JSON object")
            out[key] = to_jsonl(v, t.item_type)
        return out
    if pa.types.is_struct(t):
        items = _struct_items(value, t)
        return {t.field(i).name: to_jsonl(items[i], t.field(i).type) for i in range(t.num_fields)}
    raise UnsupportedType(f"{t} is not mapped by the jsonl convention")


# ---------------------------------------------------------------------------------------------
# Arrow tables


def _export_type(t: pa.DataType) -> pa.DataType:
    """The type to cast to before `to_pylist`: exact integers for timestamps and dates,
    plain values for dictionaries; nested types rebuilt around converted children."""
    if pa.types.is_timestamp(t) or pa.types.is_date64(t):
        return pa.int64()
    if pa.types.is_date32(t):
        return pa.int32()
    if pa.types.is_dictionary(t):
        return _export_type(t.value_type)
    if isinstance(t, pa.BaseExtensionType):
        return _export_type(t.storage_type)
    if pa.types.is_struct(t):
        return pa.struct([t.field(i).with_type(_export_type(t.field(i).type)) for i in range(t.num_fields)])
    if pa.types.is_map(t):
        return pa.map_(
            t.key_field.with_type(_export_type(t.key_type)),
            t.item_field.with_type(_export_type(t.item_type)),
        )
    if pa.types.is_list(t):
        return pa.list_(t.value_field.with_type(_export_type(t.value_type)))
    if pa.types.is_large_list(t):
        return pa.large_list(t.value_field.with_type(_export_type(t.value_type)))
    if pa.types.is_fixed_size_list(t):
        return pa.list_(t.value_field.with_type(_export_type(t.value_type)), t.list_size)
    if pa.types.is_list_view(t) or pa.types.is_large_list_view(t):
        return pa.large_list(t.value_field.with_type(_export_type(t.value_type)))
    return t


def _check_supported(t: pa.DataType, name: str) -> None:
    if isinstance(t, pa.BaseExtensionType):
        return _check_supported(t.storage_type, name)
    if pa.types.is_dictionary(t):
        return _check_supported(t.value_type, name)
    if (
        pa.types.is_time(t)
        or pa.types.is_float16(t)
        or pa.types.is_duration(t)
        or pa.types.is_interval(t)
        or pa.types.is_union(t)
    ):
        raise UnsupportedType(f"column {name!r}: {t} is not mapped by the jsonl convention")
    for i in range(t.num_fields):
        _check_supported(t.field(i).type, name)


def utc_int96_schema(schema: pa.Schema, int96_leaves: Iterable[int]) -> pa.Schema:
    """`schema` with the timestamps at the given leaf indexes (depth-first order, which is the
    Parquet column order) marked UTC: the convention reads INT96 as UTC timestamps."""
    wanted = set(int96_leaves)
    counter = [0]

    def walk(t: pa.DataType) -> pa.DataType:
        if pa.types.is_struct(t):
            return pa.struct([t.field(i).with_type(walk(t.field(i).type)) for i in range(t.num_fields)])
        if pa.types.is_map(t):
            key = t.key_field.with_type(walk(t.key_type))
            return pa.map_(key, t.item_field.with_type(walk(t.item_type)))
        if pa.types.is_list(t):
            return pa.list_(t.value_field.with_type(walk(t.value_type)))
        if pa.types.is_large_list(t):
            return pa.large_list(t.value_field.with_type(walk(t.value_type)))
        if pa.types.is_fixed_size_list(t):
            return pa.list_(t.value_field.with_type(walk(t.value_type)), t.list_size)
        index = counter[0]
        counter[0] += 1
        if index in wanted:
            if not pa.types.is_timestamp(t):
                raise TypeError(f"INT96 leaf {index} read as {t}, expected a timestamp")
            return pa.timestamp(t.unit, "UTC")
        return t

    return pa.schema([f.with_type(walk(f.type)) for f in schema], metadata=schema.metadata)


def table_to_rows(table: pa.Table, int96_leaves: Iterable[int] = ()) -> list[dict[str, Any]]:
    """Rows of `table` in the jsonl convention, one dict per row, keys in column order.

    `int96_leaves`: Parquet leaf-column indexes stored as INT96 (read as UTC timestamps)."""
    leaves = set(int96_leaves)
    schema = utc_int96_schema(table.schema, leaves) if leaves else table.schema
    names = schema.names
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate column names {names}: rows cannot be dicts")
    columns: list[list[Any]] = []
    for field, column in zip(schema, table.columns):
        _check_supported(field.type, field.name)
        exported = column.cast(_export_type(field.type)) if column.num_chunks else column
        values = exported.to_pylist()
        columns.append([to_jsonl(v, field.type) for v in values])
    return [dict(zip(names, row)) for row in zip(*columns)] if columns else [{} for _ in range(table.num_rows)]


def _merge_types(actual: pa.DataType, ref: pa.DataType) -> pa.DataType:
    """The type that spells a peer's Arrow values (`actual`) like the reference (`ref`): timestamp
    units come from the peer (its values are in that unit), time zones, float widths, decimal
    scales and everything else from the reference. A peer's int64 for a reference timestamp is a
    count of the reference unit (Spark's nanosAsLong)."""
    if pa.types.is_dictionary(actual):
        return _merge_types(actual.value_type, ref)
    if pa.types.is_dictionary(ref):
        return _merge_types(actual, ref.value_type)
    if isinstance(ref, pa.BaseExtensionType):
        return _merge_types(actual, ref.storage_type)
    if isinstance(actual, pa.BaseExtensionType):
        return _merge_types(actual.storage_type, ref)
    if pa.types.is_timestamp(ref) and pa.types.is_timestamp(actual):
        return pa.timestamp(actual.unit, ref.tz)
    if pa.types.is_struct(ref) and pa.types.is_struct(actual):
        fields = []
        for f in ref:
            index = actual.get_field_index(f.name)
            child = _merge_types(actual.field(index).type, f.type) if index >= 0 else f.type
            fields.append(f.with_type(child))
        return pa.struct(fields)
    if pa.types.is_map(ref) and pa.types.is_map(actual):
        return pa.map_(
            ref.key_field.with_type(_merge_types(actual.key_type, ref.key_type)),
            ref.item_field.with_type(_merge_types(actual.item_type, ref.item_type)),
        )
    lists = (pa.types.is_list, pa.types.is_large_list, pa.types.is_fixed_size_list, pa.types.is_list_view, pa.types.is_large_list_view)
    if any(k(ref) for k in lists) and any(k(actual) for k in lists):
        return pa.list_(ref.value_field.with_type(_merge_types(actual.value_type, ref.value_type)))
    return ref


def peer_column_values(column: pa.Array | pa.ChunkedArray, ref_type: pa.DataType) -> list[Any]:
    """A column a peer handed over as Arrow (Spark `toArrow`, Polars `to_arrow`) in the jsonl
    convention, spelled like the reference type `ref_type` (pyarrow's reading of the same file)."""
    _check_supported(ref_type, "column")
    t = _merge_types(column.type, ref_type)
    exported = column.cast(_export_type(column.type)) if len(column) else column
    return [to_jsonl(v, t) for v in exported.to_pylist()]


def int96_leaf_indexes(parquet_file: Any) -> list[int]:
    """Indexes of the leaf columns of a `pyarrow.parquet.ParquetFile` stored as INT96."""
    schema = parquet_file.metadata.schema
    return [i for i in range(len(schema)) if schema.column(i).physical_type == "INT96"]


def read_parquet_rows(path: str, **read_options: Any) -> tuple[list[dict[str, Any]], pa.Schema]:
    """Read a Parquet file with pyarrow and return (rows in the jsonl convention, the Arrow schema
    used to compare them: INT96 columns carry a UTC time zone)."""
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    table = pf.read(**read_options)
    leaves = int96_leaf_indexes(pf)
    schema = utc_int96_schema(table.schema, leaves) if leaves else table.schema
    return table_to_rows(table, leaves), schema


def rows_to_text(rows: Sequence[dict[str, Any]]) -> str:
    """The jsonl text of `rows`: one compact `json.dumps(ensure_ascii=False, separators=(",", ":"))` line per row, byte for byte what `lake ... --format jsonl` prints."""
    return "".join(json.dumps(row, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n" for row in rows)


def parse_jsonl(text: str) -> list[Any]:
    """Parse jsonl text (one JSON value per non-empty "\n"-terminated line). NaN/Infinity literals
    are refused: the convention spells them as strings."""

    def refuse(name: str) -> Any:
        raise ValueError(f"bare {name} literal in jsonl (the convention uses the string form)")

    # split on "\n" only: str.splitlines() would also split inside raw U+2028/U+2029/U+0085
    return [json.loads(line, parse_constant=refuse) for line in text.split("\n") if line.strip()]


# ---------------------------------------------------------------------------------------------
# comparison


def _float_bits(x: Any, single: bool) -> bytes | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    try:
        return struct.pack("<f" if single else "<d", float(x))
    except OverflowError:
        return None


def _diff(e: Any, a: Any, t: pa.DataType, path: str) -> str | None:
    """First difference between expected `e` and actual `a` of Arrow type `t`, or None."""
    if e is None or a is None:
        return None if e is None and a is None else f"{path}: expected {e!r}, got {a!r}"
    if isinstance(t, pa.BaseExtensionType):
        return _diff(e, a, t.storage_type, path)
    if pa.types.is_dictionary(t):
        return _diff(e, a, t.value_type, path)
    if pa.types.is_float32(t) or pa.types.is_float64(t):
        if isinstance(e, str) or isinstance(a, str):
            return None if e == a else f"{path}: expected {e!r}, got {a!r}"
        single = pa.types.is_float32(t)
        eb, ab = _float_bits(e, single), _float_bits(a, single)
        if ab is None:
            return f"{path}: expected number {e!r}, got {type(a).__name__} {a!r}"
        return None if eb == ab else f"{path}: expected {e!r}, got {a!r} ({'float32' if single else 'float64'})"
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t) or (
        pa.types.is_list_view(t) or pa.types.is_large_list_view(t)
    ):
        if not isinstance(a, list):
            return f"{path}: expected a list, got {type(a).__name__} {a!r}"
        if len(a) != len(e):
            return f"{path}: expected {len(e)} items, got {len(a)}: {e!r} vs {a!r}"
        for i, (x, y) in enumerate(zip(e, a)):
            d = _diff(x, y, t.value_type, f"{path}[{i}]")
            if d:
                return d
        return None
    if pa.types.is_struct(t) or pa.types.is_map(t):
        if not isinstance(a, dict):
            return f"{path}: expected an object, got {type(a).__name__} {a!r}"
        if list(a.keys()) != list(e.keys()):
            return f"{path}: keys {list(a.keys())} != expected {list(e.keys())}"
        for k in e:
            child = t.item_type if pa.types.is_map(t) else t.field(k).type
            d = _diff(e[k], a[k], child, f"{path}.{k}")
            if d:
                return d
        return None
    # scalars other than floats: same JSON type and value (bool is not an int here)
    if type(a) is not type(e) or a != e:
        return f"{path}: expected {type(e).__name__} {e!r}, got {type(a).__name__} {a!r}"
    return None


def rows_equal(expected: Sequence[Any], actual: Sequence[Any], schema: pa.Schema) -> str | None:
    """The first difference between two row lists (as a message), or None when they agree."""
    if len(expected) != len(actual):
        return f"expected {len(expected)} rows, got {len(actual)}"
    names = schema.names
    for r, (e, a) in enumerate(zip(expected, actual)):
        if not isinstance(a, dict):
            return f"row {r}: expected a JSON object, got {a!r}"
        if list(a.keys()) != list(e.keys()):
            return f"row {r}: keys {list(a.keys())} != expected {list(e.keys())}"
        if list(e.keys()) != names:
            return f"row {r}: expected keys {list(e.keys())} do not match the schema {names}"
        for field in schema:
            d = _diff(e[field.name], a[field.name], field.type, f"row {r} .{field.name}")
            if d:
                return d
    return None


def assert_rows_equal(expected: Sequence[Any], actual: Sequence[Any], schema: pa.Schema, label: str = "") -> None:
    """Assert two row lists agree under the convention (float32 compared after rounding both
    sides to float32, floats bitwise so -0.0 != 0.0, key order checked, bool != int)."""
    d = rows_equal(expected, actual, schema)
    if d:
        raise AssertionError(f"{label}: {d}" if label else d)
