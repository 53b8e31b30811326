"""Unit tests of the jsonl reference conversion and comparison (no peers, no lake)."""

from __future__ import annotations

import decimal

import pyarrow as pa
import pytest

import jsonl_reference as jr


def rows(table: pa.Table) -> list[dict]:
    return jr.table_to_rows(table)


def test_decimals_keep_exactly_scale_digits():
    t = pa.table(
        {
            "d": pa.array([decimal.Decimal("12.3"), decimal.Decimal("-0.05"), decimal.Decimal("0"), None], pa.decimal128(5, 2)),
            "z": pa.array([decimal.Decimal("12"), decimal.Decimal("-7"), decimal.Decimal("0"), None], pa.decimal128(3, 0)),
            "big": pa.array([decimal.Decimal("-" + "9" * 30 + "." + "9" * 8)] * 4, pa.decimal256(38, 8)),
        }
    )
    got = rows(t)
    assert [r["d"] for r in got] == ["12.30", "-0.05", "0.00", None]
    assert [r["z"] for r in got] == ["12", "-7", "0", None]
    assert got[0]["big"] == "-" + "9" * 30 + "." + "9" * 8
    assert jr.format_decimal(-5, 3) == "-0.005"
    with pytest.raises(ValueError):
        jr.format_decimal(decimal.Decimal("1.234"), 2)


def test_timestamps_floor_nanos_and_mark_utc():
    t = pa.table(
        {
            "ns": pa.array([-1, 1999, -1001, None], pa.timestamp("ns")),
            "ms_utc": pa.array([-1, 1, 0, None], pa.timestamp("ms", "America/New_York")),
        }
    )
    got = rows(t)
    assert [r["ns"] for r in got] == [
        "1969-12-31T23:59:59.999999",
        "1970-01-01T00:00:00.000001",
        "1969-12-31T23:59:59.999998",
        None,
    ]
    assert got[0]["ms_utc"] == "1969-12-31T23:59:59.999000Z"
    assert jr.format_timestamp(-62135596800000000, "us", False) == "0001-01-01T00:00:00.000000"


def test_int96_leaves_are_utc():
    t = pa.table({"a": pa.array([0], pa.timestamp("ns")), "l": pa.array([[0]], pa.list_(pa.timestamp("ns")))})
    got = jr.table_to_rows(t, int96_leaves=[1])
    assert got == [{"a": "1970-01-01T00:00:00.000000", "l": ["1970-01-01T00:00:00.000000Z"]}]


def test_floats_binary_maps_and_order():
    t = pa.table(
        {
            "f32": pa.array([0.1, float("nan"), float("-inf"), -0.0], pa.float32()),
            "b": pa.array([b"\x00\xff", b"", b"abc", None], pa.binary()),
            "m": pa.array([[(2, "x"), (1, "y")], [], None, [(3, None)]], pa.map_(pa.int32(), pa.string())),
            "s": pa.array([{"z": 1, "a": True}] * 4, pa.struct([("z", pa.int8()), ("a", pa.bool_())])),
            "dict": pa.array(["p", "q", "p", None]).dictionary_encode(),
        }
    )
    got = rows(t)
    assert [r["f32"] for r in got][:3] == [0.1, "NaN", "-Infinity"]
    assert str(got[3]["f32"]) == "-0.0"
    assert [r["b"] for r in got] == ["AP8=", "", "YWJj", None]
    assert list(got[0]["m"].items()) == [("2", "x"), ("1", "y")]
    assert list(got[0]["s"].keys()) == ["z", "a"] and got[0]["s"]["a"] is True
    assert [r["dict"] for r in got] == ["p", "q", "p", None]
    assert list(got[0].keys()) == ["f32", "b", "m", "s", "dict"]


def test_unsupported_types_are_refused():
    with pytest.raises(jr.UnsupportedType):
        rows(pa.table({"t": pa.array([1], pa.time32("s"))}))
    with pytest.raises(jr.UnsupportedType):
        rows(pa.table({"h": pa.array([1.0], pa.float64()).cast(pa.float16())}))


SCHEMA = pa.schema(
    [
        ("f32", pa.float32()),
        ("f64", pa.float64()),
        ("i", pa.int64()),
        ("flag", pa.bool_()),
        ("m", pa.map_(pa.string(), pa.int32())),
    ]
)
GOOD = {"f32": 0.1, "f64": 0.1, "i": 1, "flag": True, "m": {"a": 1, "b": 2}}


@pytest.mark.parametrize(
    "change, ok",
    [
        ({}, True),
        ({"f32": 0.10000000149011612}, True),  # same float32
        ({"f32": 0.1000001}, False),
        ({"f64": 0.10000000000000002}, False),
        ({"f64": -0.0}, False),
        ({"i": 1.0}, False),
        ({"i": True}, False),
        ({"flag": 1}, False),
        ({"f32": "NaN"}, False),
        ({"m": {"b": 2, "a": 1}}, False),  # entry order matters
        ({"m": {"a": 1, "b": None}}, False),
    ],
)
def test_comparison_rules(change, ok):
    actual = dict(GOOD, **change)
    assert (jr.rows_equal([GOOD], [actual], SCHEMA) is None) == ok


def test_key_order_of_rows_is_checked():
    swapped = {k: GOOD[k] for k in reversed(list(GOOD))}
    assert jr.rows_equal([GOOD], [swapped], SCHEMA) is not None


def test_parse_jsonl_splits_on_newlines_only_and_refuses_bare_nan():
    text = '{"s": "a\u2028b"}\n{"s": "c"}\n'
    assert jr.parse_jsonl(text) == [{"s": "a\u2028b"}, {"s": "c"}]
    with pytest.raises(ValueError):
        jr.parse_jsonl('{"x": NaN}\n')
    assert jr.rows_to_text([{"s": "é"}]) == '{"s":"é"}\n'


def test_shortest_float32():
    assert jr.shortest_float32(jr.float32_round(0.1)) == 0.1
    assert jr.shortest_float32(3.4028234663852886e38) == 3.4028235e38
    assert jr.shortest_float32(1.401298464324817e-45) == 1e-45
