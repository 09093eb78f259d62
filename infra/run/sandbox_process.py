"""Run the marketplace sandboxes as separate programs (`python -m infra.sandboxes`) on free
loopback ports, and talk to their documented control interface. Nothing here imports the
sandboxes' code."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from hub.config.settings.env import BASE_DIR


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ChildProgram:
    """A program this process started (`process`) whose output goes to `log_path`."""

    process: subprocess.Popen
    log_path: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]


@dataclass
class Sandbox(ChildProgram):
    name: str
    url: str
    process: subprocess.Popen
    log_path: Path

    def control(self, method: str, path: str, json=None):
        response = httpx.request(method, f"{self.url}/_control/{path}", json=json, timeout=10)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self) -> None:
        self.control("POST", "reset")

    def faults(self, plan: dict) -> None:
        self.control("POST", "faults", plan)

    def calls(self) -> list[dict]:
        """The last requests (the sandbox keeps at most 5,000)."""
        return self.control("GET", "calls")["calls"]

    def call_counts(self) -> dict[tuple[str, int, bool], int]:
        """Every request since start or reset: (operation, HTTP status, throttled) → count."""
        return {
            (c["operation"], c["status"], c["throttled"]): c["count"]
            for c in self.control("GET", "calls/counts")["counts"]
        }


class SandboxUnavailable(Exception):
    pass


def start_sandbox(name: str, state_dir: Path, *, speedup: float = 1.0, timeout: float = 30.0) -> Sandbox:
    state_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {
        **os.environ,
        f"SANDBOX_{name.upper()}_PORT": str(port),
        f"SANDBOX_{name.upper()}_ORDER_INTERVAL": "0",
        "PYTHONUNBUFFERED": "1",
    }
    log_path = state_dir / f"{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "infra.sandboxes",
            "--only",
            name,
            "--state-dir",
            str(state_dir),
            "--speedup",
            str(speedup),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    sandbox = Sandbox(name=name, url=f"http://127.0.0.1:{port}", process=process, log_path=log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SandboxUnavailable(f"sandbox {name} exited: {sandbox.log()}")
        try:
            if httpx.get(f"{sandbox.url}/_control/health", timeout=1).status_code == 200:
                return sandbox
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    sandbox.stop()
    raise SandboxUnavailable(f"sandbox {name} did not answer within {timeout}s: {sandbox.log()}")
