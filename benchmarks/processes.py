"""Process handling the launch benchmarks share: a private X display, and stopping a program."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess


def start_xvfb(screen: str) -> tuple[subprocess.Popen[bytes] | None, str | None]:
    """A private X display of `screen` (e.g. "1440x900x24") when none is set, if Xvfb is
    installed; the server (None when not started) and the display name (None when none)."""
    if os.environ.get("DISPLAY"):
        return None, os.environ["DISPLAY"]
    if not shutil.which("Xvfb"):
        return None, None
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", screen,
                               "-nolisten", "tcp", "-noreset"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    return server, f":{number}" if number else None


def stop(process: subprocess.Popen[bytes]) -> None:
    """Asks the program to quit; kills it if it has not gone within 10 seconds."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
