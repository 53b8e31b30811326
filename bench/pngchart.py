"""A horizontal bar chart written as a PNG with the standard library only (zlib + struct).

matplotlib is deliberately not a dependency: it would pull numpy, Pillow, fonttools and more
into the pinned venv for one picture. This draws labelled bars on a log2 scale with a 5x7
bitmap font, which is all the ratio chart needs.
"""

from __future__ import annotations

import math
import struct
import zlib

# 5x7 glyphs, one string of 7 rows of 5 bits each ('#' = ink).
_GLYPHS = {
    "A": ".###.#...##...#######...##...##...#", "B": "####.#...##...#####.#...##...#####.",
    "C": ".###.#...##....#....#....#...#.###.", "D": "####.#...##...##...##...##...#####.",
    "E": "######....#....####.#....#....#####", "F": "######....#....####.#....#....#....",
    "G": ".###.#...##....#.####...##...#.####", "H": "#...##...##...#######...##...##...#",
    "I": ".###...#....#....#....#....#...###.", "K": "#...##..#.#.#..##...#.#..#..#.#...#", "L": "#....#....#....#....#....#....#####",
    "M": "#...###.###.#.##...##...##...##...#", "N": "#...##...###..##.#.##..###...##...#",
    "O": ".###.#...##...##...##...##...#.###.", "P": "####.#...##...#####.#....#....#....",
    "Q": ".###.#...##...##...##.#.##..#..##.#", "R": "####.#...##...#####.#.#..#..#.#...#",
    "S": ".####.....#.....###.....#....#####.", "T": "#####..#....#....#....#....#....#..",
    "U": "#...##...##...##...##...##...#.###.", "V": "#...##...##...##...##...#.#.#...#..",
    "W": "#...##...##...##.#.##.#.##.#.#.#.#.", "X": "#...##...#.#.#...#...#.#.#...##...#",
    "Y": "#...##...#.#.#...#....#....#....#..", "Z": "#####....#...#...#...#...#....#####",
    "0": ".###.#...##..###.#.###..##...#.###.", "1": "..#...##....#....#....#....#...###.",
    "2": ".###.#...#....#...#...#...#...#####", "4": "...#...##..#.#.#..#.#####...#....#.", "5": "######....####.....#....##...#.###.",
    "6": "..##..#...#....####.#...##...#.###.", "7": "#####....#...#...#...#....#....#...",
    "8": ".###.#...##...#.###.#...##...#.###.", "9": ".###.#...##...#.####....#...#..##..",
    " ": "." * 35, "-": "." * 15 + "#####" + "." * 15,
    "_": "." * 30 + "#####", "=": "..........#####.....#####..........", "+": ".......#....#..#####..#....#.......",
    "[": ".###..#....#....#....#....#....###.",
    "]": ".###....#....#....#....#....#..###.", "*": ".......#..#.#.#.###.#.#.#..#.......",
}
# Glyphs easier to read row by row.
_GLYPHS['J'] = "..###...#....#....#....#.#..#..##.."
_GLYPHS['3'] = "#####...#...#.....#.....##...#.###."
_GLYPHS['/'] = ".........#...#...#...#...#........."
_GLYPHS[','] = ".....................##....#...#..."
_GLYPHS['>'] = ".#.....#.....#.....#...#...#...#..."
_GLYPHS['('] = "...#...#...#....#....#.....#.....#."
_GLYPHS[')'] = ".#.....#.....#....#....#...#...#..."
_GLYPHS[':'] = "......##...##........##...##......."
_GLYPHS['.'] = "..........................##...##.."
_GLYPHS['%'] = "##...##..#...#...#...#...#..##...##"
_GLYPHS["\u00b7"] = "............#......................"


class Canvas:
    """An RGB image with rectangles, lines and text."""

    def __init__(self, width: int, height: int, background=(255, 255, 255)):
        self.w, self.h = width, height
        self.px = bytearray(bytes(background) * (width * height))

    def rect(self, x0: int, y0: int, x1: int, y1: int, color) -> None:
        x0, x1 = max(0, min(x0, x1)), min(self.w, max(x0, x1))
        y0, y1 = max(0, min(y0, y1)), min(self.h, max(y0, y1))
        row = bytes(color) * (x1 - x0)
        for y in range(y0, y1):
            i = (y * self.w + x0) * 3
            self.px[i:i + len(row)] = row

    def text(self, x: int, y: int, s: str, color=(0, 0, 0), scale: int = 1) -> int:
        """Draws `s` with its top-left at (x, y); returns the x after it."""
        for ch in s:
            g = _GLYPHS.get(ch.upper(), _GLYPHS["*"]).ljust(35, ".")
            for r in range(7):
                for c in range(5):
                    if g[r * 5 + c] == "#":
                        self.rect(x + c * scale, y + r * scale, x + (c + 1) * scale, y + (r + 1) * scale, color)
            x += 6 * scale
        return x

    @staticmethod
    def text_width(s: str, scale: int = 1) -> int:
        return len(s) * 6 * scale

    def png(self) -> bytes:
        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

        stride = self.w * 3
        raw = b"".join(b"\x00" + bytes(self.px[y * stride:(y + 1) * stride]) for y in range(self.h))
        header = struct.pack(">IIBBBBB", self.w, self.h, 8, 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
                + chunk(b"IEND", b""))


def bar_chart(rows: list[tuple[str, float | None, str]], title: str, subtitle: str = "") -> bytes:
    """One bar per row: (label, ratio or None for a gap, text after the bar). The axis is log2,
    1x marked; bars below 1 are green, up to 2 amber, above red."""
    scale = 2
    label_w = max([Canvas.text_width(r[0], scale) for r in rows] + [100]) + 20
    plot_w, bar_h, gap = 560, 18, 8
    top = 70 if subtitle else 50
    width = label_w + plot_w + 160
    height = top + len(rows) * (bar_h + gap) + 50
    c = Canvas(width, height)
    c.text(10, 10, title, scale=scale)
    if subtitle:
        c.text(10, 32, subtitle, (90, 90, 90), scale=scale)
    ratios = [r[1] for r in rows if r[1]]
    lo = min([0.25] + [x / 1.2 for x in ratios])
    hi = max([4.0] + [x * 1.2 for x in ratios])
    lmin, lmax = math.log2(lo), math.log2(hi)

    def xof(v: float) -> int:
        return label_w + int((math.log2(v) - lmin) / (lmax - lmin) * plot_w)

    bottom = top + len(rows) * (bar_h + gap)
    k = math.floor(lmin)
    last_right = -1
    while k <= lmax:  # grid at powers of two, labelled where the labels do not collide
        v = 2.0 ** k
        if lo <= v <= hi:
            x = xof(v)
            c.rect(x, top - 5, x + 1, bottom, (200, 200, 200) if k else (0, 0, 0))
            lab = f"{v:g}x" if v >= 1 else f"1/{1 / v:g}x"
            left = x - Canvas.text_width(lab, scale) // 2
            if left > last_right + 8 or k == 0:
                c.text(left, bottom + 8, lab, (60, 60, 60), scale)
                last_right = left + Canvas.text_width(lab, scale)
        k += 1
    one = xof(1.0)
    for i, (label, ratio, note) in enumerate(rows):
        y = top + i * (bar_h + gap)
        c.text(label_w - 10 - Canvas.text_width(label, scale), y + 2, label, scale=scale)
        if ratio is None:
            c.text(one + 6, y + 2, note or "gap", (150, 150, 150), scale)
            continue
        color = (46, 160, 67) if ratio <= 1.0 else (230, 160, 30) if ratio <= 2.0 else (210, 60, 50)
        x = xof(ratio)
        c.rect(min(one, x), y, max(one, x) + 1, y + bar_h, color)
        c.text(max(one, x) + 6, y + 2, note or f"{ratio:.2f}x", scale=scale)
    return c.png()
