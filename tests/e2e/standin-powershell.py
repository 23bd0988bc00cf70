#!/usr/bin/env python3
"""A stand-in for powershell.exe: records what it was asked to run.

Writes the decoded -EncodedCommand to $STANDIN_DIR/N.ps1 and, for the UAC
launcher, the script it wraps to $STANDIN_DIR/N.inner.ps1; exits $STANDIN_EXIT.
"""
import base64
import os
import re
import sys

d = os.environ["STANDIN_DIR"]
args = sys.argv[1:]
assert args[:3] == ["-NoProfile", "-NonInteractive", "-EncodedCommand"], args
assert len(args) == 4, args
text = base64.b64decode(args[3]).decode("utf-16-le")
n = len([f for f in os.listdir(d) if f.endswith(".ps1") and ".inner" not in f]) + 1
open(os.path.join(d, "%d.ps1" % n), "w").write(text)
m = re.search(r"^\$script = @'\n(.*?^)'@$", text, re.M | re.S)
if m:
    open(os.path.join(d, "%d.inner.ps1" % n), "w").write(m.group(1))
print("stand-in powershell ran")
sys.exit(int(os.environ.get("STANDIN_EXIT", "0")))
