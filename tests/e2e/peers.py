#!/usr/bin/env python3
"""Misbehaving X11 peers for the forwarder's robustness scenarios.

peers.py upstream ADDR MODE [N]   a fake X server on ADDR (unix:PATH or HOST:PORT),
    one connection at a time, forever:
    answer-close      answer the setup, then close
    answer-noread     answer the setup, then read nothing (hold)
    answer-flood N    answer the setup, send N bytes, close
    answer-kill S     answer the setup, read nothing for S seconds, then close
    echo-bye          answer; at the client's EOF send "bye" and close
    hello-shut        answer, send "hello", shut down writing, print (to stdout)
                      what the client sends until its EOF, then close
    silent            accept, never answer (hold)
peers.py client HOST PORT COOKIE MODE [S]   a client with the right cookie:
    eof-hold S        read to EOF, print the bytes, then stay open S seconds
    flood-reset       send until the relay takes no more, then reset
    flood-hold S      send until the relay takes no more, then stay open S seconds,
                      then print "eof" or "reset" as the relay ended it
    hold-read S       stay open S seconds reading nothing, then read all to EOF
                      and print the byte count
    shut-write        shut down writing, read to EOF, print it
    read-then-send    read to EOF, print it, send "ping", shut down writing
    noread-close      send the setup, close without reading
    connect-close     connect and close at once, no setup
    rtt S             GetInputFocus round trips (a real X server) for S seconds:
                      print "N round trips, worst M ms"
    wait S            send the setup, wait S seconds for a reply: print "none",
                      "Failed: REASON" or what came
The setup answer is a minimal Success (8 bytes); a client prints nothing for it.
"""
import socket
import struct
import sys
import time

SUCCESS = struct.pack("<BBHHH", 1, 0, 11, 0, 0)


def listen(addr):
    if addr.startswith("unix:"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(addr[5:])
    else:
        host, port = addr.rsplit(":", 1)
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, int(port)))
    s.listen(64)
    return s


def read_setup(c):
    data = b""
    while len(data) < 12:
        chunk = c.recv(4096)
        if not chunk:
            return False
        data += chunk
    n, d = struct.unpack("<HH", data[6:10])
    want = 12 + n + (-n % 4) + d + (-d % 4)
    while len(data) < want:
        chunk = c.recv(4096)
        if not chunk:
            return False
        data += chunk
    return True


def read_all(s):
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            return data, "reset"
        if not chunk:
            return data, "eof"
        data += chunk


def upstream(addr, mode, arg):
    s = listen(addr)
    held = []
    while True:
        c, _ = s.accept()
        if mode == "silent":
            held.append(c)
            continue
        if not read_setup(c):
            c.close()
            continue
        c.sendall(SUCCESS)
        if mode == "answer-close":
            c.close()
        elif mode == "answer-noread":
            held.append(c)
        elif mode == "answer-flood":
            c.sendall(b"x" * int(arg))
            c.close()
        elif mode == "answer-kill":
            time.sleep(float(arg))
            c.close()
        elif mode == "echo-bye":
            read_all(c)
            c.sendall(b"bye")
            c.close()
        elif mode == "hello-shut":
            c.sendall(b"hello")
            c.shutdown(socket.SHUT_WR)
            data, _ = read_all(c)
            print(data.decode(errors="replace"), flush=True)
            c.close()


def flood(s):
    s.setblocking(False)
    sent = 0
    try:
        while sent < 512 << 20:
            sent += s.send(b"y" * 65536)
    except BlockingIOError:
        pass
    s.setblocking(True)
    return sent


def client(host, port, cookie, mode, arg):
    s = socket.create_connection((host, int(port)), timeout=30)
    if mode == "connect-close":
        s.close()
        return
    name = b"MIT-MAGIC-COOKIE-1"
    s.sendall(b"l\0" + struct.pack("<HHHH", 11, 0, len(name), 16) + b"\0\0" + name +
              b"\0\0" + bytes.fromhex(cookie))
    if mode == "noread-close":
        s.close()
        return
    if mode == "wait":
        s.settimeout(float(arg))
        try:
            got = s.recv(512)
            if got[:1] == b"\0":
                print("Failed: " + got[8:8 + got[1]].decode(errors="replace"))
            else:
                print("closed" if not got else "got %d bytes" % len(got))
        except socket.timeout:
            print("none")
        return
    head = b""
    while len(head) < 8:
        chunk = s.recv(8 - len(head))
        if not chunk:
            print("no setup reply")
            return
        head += chunk
    if head[0] != 1:
        print("refused")
        return
    rest = 4 * struct.unpack("<H", head[6:8])[0]  # a real server's setup data
    while rest > 0:
        chunk = s.recv(min(rest, 65536))
        if not chunk:
            print("no setup reply")
            return
        rest -= len(chunk)
    if mode == "rtt":
        # GetInputFocus round trips for S seconds; the worst one is printed.
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        end, worst, n = time.time() + float(arg), 0.0, 0
        while time.time() < end:
            t = time.perf_counter()
            s.sendall(struct.pack("<BBH", 43, 0, 1))
            got = b""
            while len(got) < 32:
                chunk = s.recv(32 - len(got))
                if not chunk:
                    print("closed after %d round trips" % n)
                    return
                got += chunk
            worst = max(worst, time.perf_counter() - t)
            n += 1
            time.sleep(0.002)
        print("%d round trips, worst %d ms" % (n, worst * 1000))
        return
    if mode == "eof-hold":
        data, how = read_all(s)
        print(data.decode(errors="replace") + how, flush=True)
        time.sleep(float(arg))
    elif mode == "flood-reset":
        flood(s)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    elif mode == "flood-hold":
        flood(s)
        time.sleep(float(arg))
        s.settimeout(5)
        try:
            _, how = read_all(s)
        except socket.timeout:
            how = "still open"
        print(how)
    elif mode == "hold-read":
        time.sleep(float(arg))
        data, how = read_all(s)
        print("%d bytes %s" % (len(data), how))
    elif mode == "shut-write":
        s.shutdown(socket.SHUT_WR)
        data, how = read_all(s)
        print(data.decode(errors="replace") + " " + how)
    elif mode == "read-then-send":
        data, how = read_all(s)
        print(data.decode(errors="replace") + " " + how, flush=True)
        s.sendall(b"ping")
        s.shutdown(socket.SHUT_WR)
        time.sleep(0.5)


if sys.argv[1] == "upstream":
    upstream(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
else:
    client(*sys.argv[2:6], sys.argv[6] if len(sys.argv) > 6 else None)
