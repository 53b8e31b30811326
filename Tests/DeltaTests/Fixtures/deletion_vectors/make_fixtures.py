"""Regenerates the deletion-vector fixtures in this folder (see README.md).

Needs pyroaring (CRoaring's Python binding) in a throwaway venv:
    python3 -m venv /tmp/roaring-venv && /tmp/roaring-venv/bin/pip install pyroaring
    /tmp/roaring-venv/bin/python make_fixtures.py
"""
import os
import struct
import zlib

from pyroaring import BitMap64

HERE = os.path.dirname(os.path.abspath(__file__))
PORTABLE_MAGIC = struct.pack("<I", 1681511377)

# The 36 bytes (magic number + portable bitmap) of the deletion vector in delta-kernel-rs's
# kernel/tests/data/table-with-dv-small (written by Delta Spark; rows 0 and 9 deleted), as
# published Z85-encoded ("^Bg9^0rr910000000000iXQKl0rr91000315c8Xg000r9") in public test code
# that embeds that table's .bin file. Its add action's descriptor is
# {"storageType":"u","pathOrInlineDv":"vBn[lx{q8@P<9BNH/isA","offset":1,"sizeInBytes":36,"cardinality":2}.
TABLE_WITH_DV_SMALL_PAYLOAD = bytes.fromhex(
    "d1d33964" "0100000000000000" "00000000"
    "3a300000" "01000000" "00000100" "10000000" "0000" "0900"
)


def stored(payload: bytes) -> bytes:
    """One vector as a deletion vector file stores it: BE size, bytes, BE CRC-32."""
    return struct.pack(">I", len(payload)) + payload + struct.pack(">I", zlib.crc32(payload))


def write(path: str, data: bytes) -> None:
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


# 1. table-with-dv-small: the file rebuilt from its published payload. CRoaring must produce the
#    same bitmap bytes Delta Spark (Java RoaringBitmap) did.
assert BitMap64([0, 9]).serialize() == TABLE_WITH_DV_SMALL_PAYLOAD[4:]
write("table-with-dv-small/deletion_vector_61d16c75-6994-46b7-a15b-8b538852e50e.bin",
      b"\x01" + stored(TABLE_WITH_DV_SMALL_PAYLOAD))

# 2. Several vectors in one file, serialized by CRoaring (run-optimized), at the path of the
#    protocol's JSON example 1 ("ab^-aqEH.-t@S}K{vb[*k^" -> ab/deletion_vector_d2c639aa-....bin).
HIGH = 0x7FFFFFFF << 32
SETS = [
    ("small", [(0, 1, 1), (9, 10, 1)]),
    ("arrays", [(v, v + 1, 1) for v in (3, 4, 7, 11, 18, 29, 65535, 65536, 131071, 1000000)]),
    ("bitmaps", [(0, 65536, 3), (131073, 196608, 2)]),
    ("runs", [(1000, 5000, 1), (70000, 200000, 1), (300000, 300001, 1)]),
    ("one-run", [(10, 2000, 1)]),
    ("buckets", [(5, 6, 1), (2**32 + 100, 2**32 + 300, 1), (3 * 2**32 + 65535, 3 * 2**32 + 65537, 1)]),
    ("max-rows", [(0, 1, 1), (HIGH | 0xFFFF0000, (HIGH | 0xFFFF0000) + 1, 1), (HIGH | 0xFFFFFFFF, (HIGH | 0xFFFFFFFF) + 1, 1)]),
    ("empty", []),
]
data = b"\x01"
lines = ["# name offset sizeInBytes cardinality ranges (start:stop:step, stop exclusive; - for none)"]
for name, ranges in SETS:
    bitmap = BitMap64()
    for start, stop, step in ranges:
        bitmap.update(range(start, stop, step))
    bitmap.run_optimize()
    payload = PORTABLE_MAGIC + bitmap.serialize()
    lines.append(" ".join([name, str(len(data)), str(len(payload)), str(len(bitmap)),
                           " ".join(f"{a}:{b}:{c}" for a, b, c in ranges) or "-"]))
    data += stored(payload)
write("pyroaring/ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin", data)
write("pyroaring/expected.txt", ("\n".join(lines) + "\n").encode())
