#!/usr/bin/env python3
"""Writes the encoding fixtures: raw page value bytes produced by pyarrow, with expected values.

Run with the project's pinned venv (pyarrow 26.0.1), from this directory:

    /work/main/.venv/bin/python generate.py

For each case, a one-column table (non-nullable, so data pages carry no levels) is written
uncompressed in a single data page with the encoding forced; the page payloads are cut out of
the file by walking the page headers (a minimal Thrift compact reader below) and written as

    <name>.bin        the data page's value bytes
    <name>.dict.bin   the dictionary page's bytes (dictionary cases only)
    <name>.expected   "<physical type> <encoding> <count>" then one value per line:
                      integers in decimal, FLOAT/DOUBLE as hex bit patterns, BOOLEAN as 0/1,
                      byte arrays as ':' + hex, INT96 as microseconds since the epoch.
"""
import io
import os
import struct

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


class Compact:
    """Just enough of the Thrift compact protocol to read a PageHeader."""

    def __init__(self, data, pos):
        self.data, self.pos = data, pos

    def byte(self):
        b = self.data[self.pos]
        self.pos += 1
        return b

    def varint(self):
        shift = result = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            if b < 0x80:
                return result
            shift += 7

    def zigzag(self):
        n = self.varint()
        return (n >> 1) ^ -(n & 1)

    def value(self, t):
        if t in (1, 2):
            return t == 1
        if t == 3:
            return self.byte()
        if t in (4, 5, 6):
            return self.zigzag()
        if t == 7:
            self.pos += 8
            return None
        if t == 8:
            n = self.varint()
            self.pos += n
            return None
        if t in (9, 10):
            header = self.byte()
            size, et = header >> 4, header & 0x0F
            if size == 15:
                size = self.varint()
            return [self.value(et) for _ in range(size)]
        if t == 12:
            return self.struct()
        raise ValueError(f"thrift type {t}")

    def struct(self):
        fields, last = {}, 0
        while True:
            header = self.byte()
            if header == 0:
                return fields
            delta, t = header >> 4, header & 0x0F
            fid = last + delta if delta else self.zigzag()
            fields[fid] = self.value(t)
            last = fid


def pages(buf, column_meta):
    """(PageHeader fields, payload bytes) for every page of the column chunk."""
    start = column_meta.dictionary_page_offset or column_meta.data_page_offset
    end = start + column_meta.total_compressed_size
    pos, out = start, []
    while pos < end:
        reader = Compact(buf, pos)
        header = reader.struct()
        size = header[3]
        out.append((header, buf[reader.pos:reader.pos + size]))
        pos = reader.pos + size
    return out


def fmt(physical, v):
    if v is None:
        raise ValueError("fixtures have no nulls")
    if physical in ("INT32", "INT64"):
        return str(v)
    if physical == "FLOAT":
        return struct.pack("<f", v)[::-1].hex()
    if physical == "DOUBLE":
        return struct.pack("<d", v)[::-1].hex()
    if physical == "BOOLEAN":
        return "1" if v else "0"
    if physical in ("BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"):
        return ":" + (v.encode() if isinstance(v, str) else v).hex()
    if physical == "INT96":
        return str(v)
    raise ValueError(physical)


def write_case(name, array, expected=None, **options):
    table = pa.table({"x": array}, schema=pa.schema([pa.field("x", array.type, nullable=False)]))
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="NONE", data_page_size=1 << 30, write_statistics=False,
                   **{"data_page_version": "1.0", **options})
    buf = sink.getvalue()
    meta = pq.ParquetFile(io.BytesIO(buf)).metadata
    assert meta.num_row_groups == 1
    column = meta.row_group(0).column(0)
    physical = column.physical_type
    found = pages(buf, column)
    data = [(h, p) for h, p in found if h[1] in (0, 3)]
    dictionary = [(h, p) for h, p in found if h[1] == 2]
    assert len(data) == 1, f"{name}: {len(data)} data pages"
    header, payload = data[0]
    page_header = header.get(5) or header.get(8)
    encoding = page_header[2] if 5 in header else page_header[4]
    with open(os.path.join(HERE, name + ".bin"), "wb") as f:
        f.write(payload)
    if dictionary:
        with open(os.path.join(HERE, name + ".dict.bin"), "wb") as f:
            f.write(dictionary[0][1])
    values = expected if expected is not None else array.to_pylist()
    with open(os.path.join(HERE, name + ".expected"), "w") as f:
        f.write(f"{physical} {encoding} {len(values)}\n")
        for v in values:
            f.write(fmt(physical, v) + "\n")
    print(f"{name}: {physical}, encoding {encoding}, {len(values)} values, {len(payload)} bytes"
          + (f", dictionary {len(dictionary[0][1])} bytes" if dictionary else ""))


def lcg(seed):
    state = seed
    while True:
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        yield state


def main():
    r = lcg(1)
    extremes64 = [INT64_MIN, INT64_MAX, 0, -1, 1, INT64_MAX, INT64_MIN, INT64_MIN + 1]
    random64 = [next(r) - 2**63 for _ in range(400)]
    sorted64 = [1_700_000_000_000_000 + i * 1_000_003 for i in range(600)]
    small64 = [(next(r) % 1000) - 500 for _ in range(300)]
    delta = {"use_dictionary": False}

    write_case("delta_int64", pa.array(extremes64 + random64 + sorted64 + small64, pa.int64()),
               column_encoding={"x": "DELTA_BINARY_PACKED"}, **delta)
    write_case("delta_int64_one", pa.array([INT64_MIN], pa.int64()), column_encoding={"x": "DELTA_BINARY_PACKED"}, **delta)
    write_case("delta_int64_129", pa.array([i * i - 5000 for i in range(129)], pa.int64()),
               column_encoding={"x": "DELTA_BINARY_PACKED"}, **delta)
    int32s = [INT32_MIN, INT32_MAX, 0, -1, INT32_MAX, INT32_MIN] + [(next(r) % 2**32) - 2**31 for _ in range(300)] + list(range(200))
    write_case("delta_int32", pa.array(int32s, pa.int32()), column_encoding={"x": "DELTA_BINARY_PACKED"}, **delta)

    strings = ["", "a", "hello", "", "x" * 300, "ünïcödé", "hello world"] + [f"item-{i:05d}" for i in range(500)] + [""]
    write_case("dlba_strings", pa.array(strings, pa.string()), column_encoding={"x": "DELTA_LENGTH_BYTE_ARRAY"}, **delta)
    prefixed = sorted(f"https://example.com/{i // 37}/{i % 37}/page" for i in range(800)) + ["", "h", "https", "z" * 200, "z" * 100]
    write_case("dba_strings", pa.array(prefixed, pa.string()), column_encoding={"x": "DELTA_BYTE_ARRAY"}, **delta)

    floats = [0.0, -0.0, 1.5, float("inf"), float("-inf"), 3.4e38, 1e-45] + [((next(r) % 100000) - 50000) / 7.0 for _ in range(500)]
    write_case("bss_float", pa.array(floats, pa.float32()), column_encoding={"x": "BYTE_STREAM_SPLIT"}, **delta)
    write_case("bss_double", pa.array(floats, pa.float64()), column_encoding={"x": "BYTE_STREAM_SPLIT"}, **delta)
    write_case("bss_int32", pa.array(int32s, pa.int32()), column_encoding={"x": "BYTE_STREAM_SPLIT"}, **delta)
    write_case("bss_int64", pa.array(extremes64 + random64, pa.int64()), column_encoding={"x": "BYTE_STREAM_SPLIT"}, **delta)
    flba = [bytes([(i * 7 + k) % 256 for k in range(5)]) for i in range(300)]
    write_case("bss_flba5", pa.array(flba, pa.binary(5)), column_encoding={"x": "BYTE_STREAM_SPLIT"}, **delta)

    micros = [0, 1, -1, 86_399_999_999, -86_400_000_000, 946_684_800_000_000, 1_700_000_000_123_456,
              -62_135_596_800_000_000, 253_402_300_799_999_999]
    write_case("plain_int96", pa.array(micros, pa.timestamp("us")), expected=micros,
               use_deprecated_int96_timestamps=True, **delta)
    bools = [bool((next(r) >> 7) & 1) for _ in range(1001)]
    write_case("plain_bool", pa.array(bools, pa.bool_()), **delta)
    runs = [True] * 100 + [False] * 3 + [True, False] * 20 + [False] * 50 + bools[:77]
    write_case("rle_bool", pa.array(runs, pa.bool_()), column_encoding={"x": "RLE"}, data_page_version="2.0", **delta)
    write_case("plain_strings", pa.array(strings, pa.string()), **delta)
    write_case("plain_int64", pa.array(extremes64 + random64, pa.int64()), **delta)

    dict_longs = [(next(r) % 37) * 1_000_000_007 for _ in range(2000)] + [5] * 500 + [7] * 9
    write_case("dict_int64", pa.array(dict_longs, pa.int64()), use_dictionary=True)
    dict_strings = [f"category-{next(r) % 300}" for _ in range(1500)] + ["rare", ""]
    write_case("dict_strings", pa.array(dict_strings, pa.string()), use_dictionary=True)


if __name__ == "__main__":
    main()
