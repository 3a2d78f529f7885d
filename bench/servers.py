"""The servers a benchmark run starts on 127.0.0.1 and always stops: gunicorn for regionapi, Datasette."""

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

from bench.load import fetch


@contextlib.contextmanager
def running(command: list[str], *, env: dict, port: int, ready_path: str, log: Path, cwd: Path, wait: float = 90):
    """Start `command` in its own process group, wait until it answers on `port`, stop the whole group on exit."""
    with contextlib.suppress(OSError):
        fetch(port, "/", timeout=1)
        raise RuntimeError(f"port {port} on 127.0.0.1 is already taken: pick another (--port / --datasette-port)")
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + wait
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"{command[0]} exited with {process.returncode}; see {log}")
                try:
                    fetch(port, ready_path, timeout=30)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"{command[0]} did not answer on port {port} in {wait:.0f} s; see {log}")
                    time.sleep(0.3)
            yield process
        finally:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)
