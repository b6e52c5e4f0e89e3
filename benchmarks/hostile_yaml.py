"""How long and how much memory does ``ik check`` take on hostile process files?

Issue 14 reported: a billion-laughs alias bomb grew past 2 GB and ran on; a 50 MB file took
30 s and 765 MB. The targets: every hostile file below is answered with a German message,
exit code 1, under 150 MB peak memory (the whole interpreter, ``ru_maxrss``) and about the
time ``ik check`` needs for the example file (the seconds include starting Python); the
largest accepted file (just under the 2 MB limit) passes as well.

Every case runs ``ik check`` in a fresh subprocess. Not a test: it prints a table.
Run: ``python benchmarks/hostile_yaml.py``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = (ROOT / "examples" / "elmshorn-2025" / "prozess.yaml").read_text(encoding="utf-8")


def bomb() -> str:
    lines = ["a0: &a0 [lol]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


CASES: dict[str, bytes] = {
    "alias bomb (9 x 9)": bomb().encode(),
    "50 MB file": b"titel: x\nbeschreibung: |\n" + (b"  " + b"Lorem ipsum " * 80 + b"\n") * 52_000,
    "1.9 MB of list items": b"titel: x\nsprachen:\n" + b"  - de\n" * 270_000,
    "100,000 nested brackets": b"titel: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "NUL in a value": EXAMPLE.replace("Vielfalt", "Viel\x00falt").encode(),
    "unknown tag": b"titel: !!python/object/apply:os.system [ls]\n",
    "largest valid file": (EXAMPLE + "\n# " + "Kommentar " * 180_000 + "\n").encode(),
}

PROBE = """
import resource, subprocess, sys, time
started = time.monotonic()
result = subprocess.run([sys.executable, "-m", "integrakonzept", "check", sys.argv[1]],
                        capture_output=True, text=True)
elapsed = time.monotonic() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{elapsed:.2f}|{peak:.0f}|{result.returncode}|{(result.stderr or result.stdout).strip()[:90]}")
"""


def main() -> None:
    print(f"{'case':26} {'seconds':>8} {'MB':>6} exit  message")
    with tempfile.TemporaryDirectory() as folder:
        for name, data in CASES.items():
            path = Path(folder) / "prozess.yaml"
            path.write_bytes(data)
            out = subprocess.run(
                [sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, check=True
            ).stdout.strip()
            seconds, megabytes, code, message = out.split("|", 3)
            first = message.splitlines()[-1] if message else ""
            print(f"{name:26} {seconds:>8} {megabytes:>6} {code:>4}  {first}")


if __name__ == "__main__":
    main()
