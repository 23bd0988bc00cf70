#!/usr/bin/env python3
"""Speak raw X11 connection setups to a server, for hostile-input tests.

x11raw.py HOST PORT MODE [COOKIEHEX]
MODE: mit (MIT cookie, LSB), mit-msb, none, proto10, huge, http, half, silent,
slowimage (after the setup, GetImage of the whole root window, read slowly in
small pieces, so the relay's buffers fill and must resume)
Prints the server's answer as one line: "Failed: <reason>", "Success",
"closed" (EOF without a byte), "timeout", or "image N bytes".
"""
import os
import socket
import struct
import sys


def setup(order, name, data, major=11):
    fmt = "<" if order == b"l" else ">"
    pad = lambda b: b + b"\0" * (-len(b) % 4)
    head = order + b"\0" + struct.pack(fmt + "HHHH", major, 0, len(name), len(data)) + b"\0\0"
    return head + pad(name) + pad(data)


def recv_exact(s, n, data=b"", piece=65536, pause=0):
    import time
    while len(data) < n:
        chunk = s.recv(min(piece, n - len(data)))
        if not chunk:
            raise EOFError
        data += chunk
        if pause:
            time.sleep(pause)
    return data


def slow_image(s, data):
    data = recv_exact(s, 8 + 4 * struct.unpack("<H", data[6:8])[0], data)
    vlen, nfmt = struct.unpack("<H", data[24:26])[0], data[29]
    scr = 8 + 32 + vlen + (-vlen % 4) + 8 * nfmt
    root = struct.unpack("<I", data[scr:scr + 4])[0]
    w, h = struct.unpack("<HH", data[scr + 20:scr + 24])
    s.sendall(struct.pack("<BBHIhhHHI", 73, 2, 5, root, 0, 0, w, h, 0xFFFFFFFF))
    try:
        head = recv_exact(s, 32)
        body = recv_exact(s, 4 * struct.unpack("<I", head[4:8])[0], piece=4096, pause=0.0005)
    except socket.timeout:
        print("timeout")
        return
    print("image %d bytes" % (32 + len(body)))


def main():
    host, port, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    cookie = bytes.fromhex(sys.argv[4]) if len(sys.argv) > 4 else b"\0" * 16
    mit = b"MIT-MAGIC-COOKIE-1"
    payload = {
        "mit": setup(b"l", mit, cookie),
        "mit-msb": setup(b"B", mit, cookie),
        "none": setup(b"l", b"", b""),
        "proto10": setup(b"l", b"", b"", major=10),
        "huge": b"l\0" + struct.pack("<HHHH", 11, 0, 65535, 65535) + b"\0\0",
        "http": b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "half": setup(b"l", mit, cookie)[:20],
        "silent": b"",
        "slowimage": setup(b"l", mit, cookie),
    }[mode]
    try:
        s = socket.create_connection((host, port), timeout=float(os.environ.get("X11RAW_TIMEOUT", "15")))
    except socket.timeout:
        print("timeout")
        return
    except ConnectionRefusedError:
        print("refused")
        return
    s.sendall(payload)
    data = b""
    try:
        while len(data) < 8 or len(data) < 8 + 4 * struct.unpack(
                "<H" if payload[:1] != b"B" else ">H", data[6:8])[0]:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        print("timeout")
        return
    except ConnectionResetError:
        print("reset")
        return
    if mode == "slowimage" and data[:1] == b"\1":
        slow_image(s, data)
        return
    if not data:
        print("closed")
    elif data[0] == 0:
        print("Failed: " + data[8:8 + data[1]].decode(errors="replace"))
    elif data[0] == 1:
        print("Success")
    else:
        print("other %d" % data[0])


main()
