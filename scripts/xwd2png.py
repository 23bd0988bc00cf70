#!/usr/bin/env python3
"""xwd2png.py IN.xwd OUT.png: convert a 24/32-bit ZPixmap xwd dump (what
`xwd -root` gives on Xvfb) to PNG with the standard library only."""
import struct
import sys
import zlib


def main():
    data = open(sys.argv[1], "rb").read()
    h = struct.unpack(">25I", data[:100])
    header_size, fmt, depth, width, height = h[0], h[2], h[3], h[4], h[5]
    byte_order, bpp, bpl, ncolors = h[7], h[11], h[12], h[19]
    if fmt != 2 or bpp != 32:
        sys.exit("xwd2png: only 32 bits-per-pixel ZPixmap dumps")
    pix = data[header_size + ncolors * 12:]
    rows = []
    for y in range(height):
        row = pix[y * bpl:y * bpl + width * 4]
        out = bytearray(b"\0")  # filter: none
        for x in range(0, width * 4, 4):
            b, g, r = (row[x], row[x + 1], row[x + 2]) if byte_order == 0 else (row[x + 3], row[x + 2], row[x + 1])
            out += bytes((r, g, b))
        rows.append(bytes(out))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(b"".join(rows), 6)) + chunk(b"IEND", b"")
    open(sys.argv[2], "wb").write(png)


main()
