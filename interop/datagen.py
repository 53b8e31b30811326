"""Deterministic test data for the Parquet interop fixtures and tests.

`Data(seed)` draws values for any Arrow type (edge values first for flat columns, nulls and empty
lists at every nullable level); the schema helpers describe the tables the fixtures and the
freshly generated interop cases use. Python's `random.Random` with fixed seeds keeps the output
identical from run to run.
"""

from __future__ import annotations

import decimal
import random
import struct
from typing import Any

import pyarrow as pa

import jsonl_reference as jr

# ---------------------------------------------------------------------------------------------
# deterministic data

MIN_DAY, MAX_DAY = -719162, 2932896  # 0001-01-01 .. 9999-12-31
DAY_MS = 86_400_000

STRING_EDGES = [
    "",
    " ",
    "a",
    '"quoted"',
    "back\\slash",
    "line\nbreak\r\n",
    "tab\there",
    "nul\x00byte",
    "\x01\x1f\x7f",
    "é中文😀",
    "\u2028\u2029 separators",
    "ünïcödé " * 5,
    "x" * 200,
]
ALPHABET = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.,/") + [
    "é",
    "ß",
    "中",
    "文",
    "😀",
    "\n",
    '"',
    "\\",
    "\t",
    "ø",
    "Ж",
]
WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu"]

F32_EDGES = [
    0.0,
    -0.0,
    float("nan"),
    float("inf"),
    float("-inf"),
    0.1,
    1.0 / 3.0,
    -1.5,
    3.4028234663852886e38,
    -3.4028234663852886e38,
    1.1754943508222875e-38,
    1.401298464324817e-45,
    16777216.0,
    1e10,
    123456.789,
]
F64_EDGES = [
    0.0,
    -0.0,
    float("nan"),
    float("inf"),
    float("-inf"),
    0.1,
    1.0 / 3.0,
    -1.5,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    2.2250738585072014e-308,
    5e-324,
    9007199254740993.0,
    1e22,
    123456.789,
]


class Data:
    """Random values for Arrow types, seeded; edge values first when asked."""

    def __init__(self, seed: int, null_p: float = 0.15, empty_p: float = 0.2, max_len: int = 4):
        self.r = random.Random(seed)
        self.null_p = null_p
        self.empty_p = empty_p
        self.max_len = max_len

    # scalars -----------------------------------------------------------------------------------
    def edges(self, t: pa.DataType) -> list[Any]:
        """Edge values of a leaf type (used for the first rows of flat tables)."""
        if pa.types.is_boolean(t):
            return [True, False]
        if pa.types.is_integer(t):
            bits = t.bit_width
            if pa.types.is_signed_integer(t):
                lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
                return [lo, hi, 0, -1, 1, lo + 1, hi - 1]
            hi = (1 << bits) - 1
            return [hi, 0, 1, hi - 1, 1 << (bits - 1), (1 << (bits - 1)) - 1]
        if pa.types.is_float32(t):
            return list(F32_EDGES)
        if pa.types.is_float64(t):
            return list(F64_EDGES)
        if pa.types.is_decimal(t):
            p, s = t.precision, t.scale
            top = 10**p - 1
            return [self.dec(v, s) for v in (top, -top, 0, 1, -1, 10**s if s < p else 1, -(10 ** max(p - 1, 0)))]
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            return list(STRING_EDGES)
        if pa.types.is_dictionary(t):
            return ["alpha", "", "é中文😀"]
        if isinstance(t, pa.BaseExtensionType):  # uuid
            return [bytes(16), b"\xff" * 16, bytes(range(16))]
        if pa.types.is_fixed_size_binary(t):
            return [bytes(t.byte_width), b"\xff" * t.byte_width, bytes(range(t.byte_width))]
        if pa.types.is_binary(t) or pa.types.is_large_binary(t):
            return [b"", b"\x00", b"\xff\xfe\xfd", bytes(range(256)), b"plain ascii"]
        if pa.types.is_date32(t):
            return [MIN_DAY, MAX_DAY, 0, -1, 1, 11016, -141428]  # 2000-02-29, 1582-10-15
        if pa.types.is_timestamp(t):
            if t.unit == "ns":
                # (1 << 63) - 1 itself is DuckDB's TIMESTAMP_NS 'infinity': use the value below it
                return [-(1 << 63), (1 << 63) - 2, 0, -1, 1, 999, -999, -1001, 1_999_999_999, 951_782_400_123_456_789]
            per_day = DAY_MS if t.unit == "ms" else DAY_MS * 1000
            return [MIN_DAY * per_day, (MAX_DAY + 1) * per_day - 1, 0, -1, 1, 999, -1001, 11016 * per_day + 12345]
        if pa.types.is_null(t):
            return [None]
        raise TypeError(f"no edges for {t}")

    def dec(self, unscaled: int, scale: int) -> decimal.Decimal:
        sign = 1 if unscaled < 0 else 0
        digits = tuple(int(c) for c in str(abs(unscaled)))
        return decimal.Decimal((sign, digits, -scale))

    def scalar(self, t: pa.DataType) -> Any:
        r = self.r
        if pa.types.is_boolean(t):
            return r.random() < 0.5
        if pa.types.is_integer(t):
            bits = t.bit_width
            if pa.types.is_signed_integer(t):
                lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
            else:
                lo, hi = 0, (1 << bits) - 1
            if r.random() < 0.5:
                return r.randint(max(lo, -1000), min(hi, 1000))
            return r.randint(lo, hi)
        if pa.types.is_float32(t):
            if r.random() < 0.4:
                return struct.unpack("<f", struct.pack("<I", r.getrandbits(32)))[0]
            return jr.float32_round(round(r.uniform(-1000, 1000), r.randint(0, 4)))
        if pa.types.is_float64(t):
            if r.random() < 0.4:
                return struct.unpack("<d", struct.pack("<Q", r.getrandbits(64)))[0]
            return round(r.uniform(-1e6, 1e6), r.randint(0, 6))
        if pa.types.is_decimal(t):
            digits = r.randint(1, t.precision)
            v = r.randint(0, 10**digits - 1)
            return self.dec(-v if r.random() < 0.4 else v, t.scale)
        if pa.types.is_string(t) or pa.types.is_large_string(t):
            return "".join(r.choice(ALPHABET) for _ in range(r.randint(0, 14)))
        if pa.types.is_dictionary(t):
            return r.choice(WORDS[:7])
        if isinstance(t, pa.BaseExtensionType):
            return r.getrandbits(128).to_bytes(16, "big")
        if pa.types.is_fixed_size_binary(t):
            return bytes(r.getrandbits(8) for _ in range(t.byte_width))
        if pa.types.is_binary(t) or pa.types.is_large_binary(t):
            return bytes(r.getrandbits(8) for _ in range(r.randint(0, 24)))
        if pa.types.is_date32(t):
            return r.randint(-40000, 40000) if r.random() < 0.7 else r.randint(MIN_DAY, MAX_DAY)
        if pa.types.is_timestamp(t):
            if t.unit == "ns":
                return r.randint(-(1 << 63), (1 << 63) - 1)
            per_day = DAY_MS if t.unit == "ms" else DAY_MS * 1000
            if r.random() < 0.7:
                return r.randint(-40000 * per_day, 40000 * per_day)
            return r.randint(MIN_DAY * per_day, (MAX_DAY + 1) * per_day - 1)
        if pa.types.is_null(t):
            return None
        raise TypeError(f"no generator for {t}")

    # nested --------------------------------------------------------------------------------------
    def value(self, t: pa.DataType, nullable: bool) -> Any:
        r = self.r
        if nullable and r.random() < self.null_p:
            return None
        if pa.types.is_struct(t):
            return {f.name: self.value(f.type, f.nullable) for f in t}
        if pa.types.is_list(t) or pa.types.is_large_list(t):
            n = 0 if r.random() < self.empty_p else r.randint(1, self.max_len)
            return [self.value(t.value_type, t.value_field.nullable) for _ in range(n)]
        if pa.types.is_map(t):
            n = 0 if r.random() < self.empty_p else r.randint(1, self.max_len)
            keys: list[Any] = []
            seen: set[Any] = set()
            for _ in range(n * 3):
                k = self.scalar(t.key_type)
                if k not in seen:
                    seen.add(k)
                    keys.append(k)
                if len(keys) == n:
                    break
            return [(k, self.value(t.item_type, t.item_field.nullable)) for k in keys]
        return self.scalar(t)

    def column(self, f: pa.Field, n: int, edge_rows: bool, null_row: int | None) -> list[Any]:
        values: list[Any] = []
        leaf = not (pa.types.is_nested(f.type))
        edges = self.edges(f.type) if edge_rows and leaf else []
        for i in range(n):
            if i < len(edges):
                values.append(edges[i])
            elif null_row is not None and i == null_row and f.nullable:
                values.append(None)
            else:
                values.append(self.value(f.type, f.nullable))
        return values

    def table(self, schema: pa.Schema, n: int, edge_rows: bool = True, null_row: int | None = 20) -> pa.Table:
        """A table of `n` rows; edge values first for leaf columns, one all-null row."""
        arrays = []
        for f in schema:
            values = self.column(f, n, edge_rows, null_row)
            arrays.append(pa.array(values, type=f.type))
        return pa.Table.from_arrays(arrays, schema=schema)


# ---------------------------------------------------------------------------------------------
# schemas


def _f(name: str, t: pa.DataType, nullable: bool) -> pa.Field:
    return pa.field(name, t, nullable=nullable)


def flat_schema(nullable: bool, *, uuid: bool = True, dictionary: bool = True, large: bool = True) -> pa.Schema:
    """Every flat type the convention maps."""
    fields = [
        ("i8", pa.int8()),
        ("i16", pa.int16()),
        ("i32", pa.int32()),
        ("i64", pa.int64()),
        ("u8", pa.uint8()),
        ("u16", pa.uint16()),
        ("u32", pa.uint32()),
        ("u64", pa.uint64()),
        ("f32", pa.float32()),
        ("f64", pa.float64()),
        ("flag", pa.bool_()),
        ("str", pa.string()),
        ("large_str", pa.large_string()),
        ("bin", pa.binary()),
        ("fbin6", pa.binary(6)),
        ("uuid", pa.uuid()),
        ("date", pa.date32()),
        ("ts_ms", pa.timestamp("ms")),
        ("ts_us", pa.timestamp("us")),
        ("ts_ns", pa.timestamp("ns")),
        ("ts_ms_utc", pa.timestamp("ms", "UTC")),
        ("ts_us_utc", pa.timestamp("us", "UTC")),
        ("ts_ns_utc", pa.timestamp("ns", "UTC")),
        ("ts_us_kolkata", pa.timestamp("us", "Asia/Kolkata")),
        ("dec5_2", pa.decimal128(5, 2)),
        ("dec15_4", pa.decimal128(15, 4)),
        ("dec30_6", pa.decimal128(30, 6)),
        ("dec38_10", pa.decimal128(38, 10)),
        ("dict_str", pa.dictionary(pa.int32(), pa.string())),
    ]
    out = []
    for name, t in fields:
        if not uuid and name == "uuid":
            continue
        if not dictionary and name == "dict_str":
            continue
        if not large and name == "large_str":
            continue
        out.append(_f(name, t, nullable))
    return pa.schema(out)


def nested_schema(nullable: bool) -> pa.Schema:
    """Structs, lists (of structs, of lists), maps; every level nullable or every level required."""
    n = nullable

    def lst(t: pa.DataType) -> pa.DataType:
        return pa.list_(pa.field("element", t, nullable=n))

    def mp(k: pa.DataType, v: pa.DataType) -> pa.DataType:
        return pa.map_(pa.field("key", k, nullable=False), pa.field("value", v, nullable=n))

    def st(*fs: tuple[str, pa.DataType]) -> pa.DataType:
        return pa.struct([pa.field(a, b, nullable=n) for a, b in fs])

    inner = st(("v", pa.int32()), ("w", lst(pa.string())))
    deep = lst(st(("k", lst(inner))))
    return pa.schema(
        [
            _f("id", pa.int32(), False),
            _f("s", st(("a", pa.int32()), ("b", pa.string()), ("c", st(("d", pa.float64()), ("e", lst(pa.int32()))))), n),
            _f("li", lst(pa.int32()), n),
            _f("ls", lst(pa.string()), n),
            _f("lst", lst(st(("x", pa.int64()), ("y", pa.string()))), n),
            _f("lli", lst(lst(pa.int16())), n),
            _f("m", mp(pa.string(), pa.int32()), n),
            _f("mi", mp(pa.int64(), lst(pa.string())), n),
            _f("lm", lst(mp(pa.string(), pa.float64())), n),
            _f(
                "leaves",
                st(
                    ("ts", pa.timestamp("us", "UTC")),
                    ("ts_local", pa.timestamp("ms")),
                    ("day", pa.date32()),
                    ("dec", pa.decimal128(9, 3)),
                    ("bin", pa.binary()),
                    ("f32", pa.float32()),
                    ("flag", pa.bool_()),
                    ("u64", pa.uint64()),
                ),
                n,
            ),
            _f("lts_ns", lst(pa.timestamp("ns", "UTC")), n),
            _f("deep", deep, n),
        ]
    )


def numbered(table: pa.Table) -> pa.Table:
    """Replace column `id` by 0..n-1 (keeps nested rows easy to find in diffs)."""
    if "id" not in table.column_names:
        return table
    i = table.column_names.index("id")
    return table.set_column(i, table.schema.field(i), pa.array(range(table.num_rows), pa.int32()))


def mixed_schema() -> pa.Schema:
    """A small mixed table for the codec and page matrix."""
    return pa.schema(
        [
            _f("id", pa.int64(), False),
            _f("n", pa.int32(), True),
            _f("x", pa.float64(), True),
            _f("word", pa.dictionary(pa.int32(), pa.string()), True),
            _f("text", pa.string(), True),
            _f("flag", pa.bool_(), True),
            _f("li", pa.list_(pa.field("element", pa.int32())), True),
            _f("ts", pa.timestamp("us", "UTC"), True),
        ]
    )


def mixed_table(seed: int, n: int = 300) -> pa.Table:
    t = Data(seed).table(mixed_schema(), n, edge_rows=False)
    return t.set_column(0, t.schema.field(0), pa.array(range(n), pa.int64()))
