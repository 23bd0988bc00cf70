#!/usr/bin/env python3
"""Compare two xwd files by what the X server sent, not by xwd's padding.

xwdcmp.py A B
Exit 0 when the header, every colour entry (pixel, red, green, blue, flags) and
every pixel byte are equal; 1 with one line naming the first difference; 2 when
a file is not an xwd dump.  The one byte xwd leaves uninitialised, the pad after
the flags of each 12-byte XWDColor, is not compared.
"""
import struct
import sys

COLOR = 12  # sizeof(XWDColor): CARD32 pixel, CARD16 r, g, b, CARD8 flags, pad


def parts(path):
    d = open(path, "rb").read()
    if len(d) < 100:
        raise ValueError("%s: too short for an xwd header" % path)
    hsize, version = struct.unpack(">II", d[:8])
    ncolors = struct.unpack(">I", d[76:80])[0]
    if version != 7 or hsize < 100 or hsize + ncolors * COLOR > len(d):
        raise ValueError("%s: not an xwd (version 7) dump" % path)
    colors = [d[hsize + i * COLOR:hsize + i * COLOR + COLOR - 1] for i in range(ncolors)]
    return d[:hsize], colors, d[hsize + ncolors * COLOR:]


def main():
    try:
        a, b = parts(sys.argv[1]), parts(sys.argv[2])
    except (OSError, ValueError) as e:
        print("xwdcmp: %s" % e)
        return 2
    if a[0] != b[0]:
        print("xwdcmp: headers differ")
        return 1
    for i, (x, y) in enumerate(zip(a[1], b[1])):
        if x != y:
            print("xwdcmp: colour entry %d differs" % i)
            return 1
    if a[2] != b[2]:
        n = len(a[2]) if len(a[2]) != len(b[2]) else next(i for i in range(len(a[2])) if a[2][i] != b[2][i])
        print("xwdcmp: pixel data differs at byte %d (%d and %d bytes)" % (n, len(a[2]), len(b[2])))
        return 1
    return 0


sys.exit(main())
