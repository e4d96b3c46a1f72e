"""Starts and stops a real `leash serve` process for the interop suite.

The server runs from LEASH_BIN (default `.build/debug/leash`, built by scripts/test) on a free
loopback port with its own temporary data directory. Its stdout and stderr are kept in files so
tests can read the bootstrap admin secret (printed once on first start) and search the logs.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]

# Static secrets look like `leash_<kind>_<base62 random><base62 CRC32>` (DESIGN.md, credential formats).
SECRET_PATTERN = re.compile(r"leash_[a-z]+_[A-Za-z0-9]{20,}")


def leash_binary() -> Path:
    """The server binary under test: LEASH_BIN, or the debug build in this checkout."""
    path = Path(os.environ.get("LEASH_BIN", REPO_ROOT / ".build" / "debug" / "leash"))
    if not path.is_file() or not os.access(path, os.X_OK):
        raise RuntimeError(
            f"the leash binary {path} does not exist or is not executable; "
            "build it with `swift build` (scripts/test does) or set LEASH_BIN"
        )
    return path


def free_loopback_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_environment() -> dict[str, str]:
    """The test runner's environment without any LEASH_* setting that could change the server."""
    return {k: v for k, v in os.environ.items() if not k.startswith("LEASH_")}


@dataclass
class LeashServer:
    """One `leash serve` process with its data directory, logs and bootstrap admin secret."""

    binary: Path
    data_dir: Path
    log_dir: Path
    extra_args: list[str] = field(default_factory=list)
    environment: dict[str, str] = field(default_factory=dict)  # LEASH_* settings for this server only
    name: str = "leash"
    port: int = 0
    process: subprocess.Popen | None = None
    admin_secret: str | None = None
    starts: int = 0
    ca_file: str | None = None  # set when the server speaks TLS with a test certificate

    @property
    def base_url(self) -> str:
        scheme = "https" if self.ca_file else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def verify(self) -> str | bool:
        """What `requests` should use to verify the server's certificate."""
        return self.ca_file or True

    @property
    def issuer(self) -> str:
        """The issuer the server announces (read from its RFC 8414 document)."""
        return requests.get(self.base_url + "/.well-known/oauth-authorization-server", verify=self.verify, timeout=10).json()["issuer"]

    def stdout_path(self, start: int | None = None) -> Path:
        return self.log_dir / f"{self.name}-{start or self.starts}.stdout.log"

    def stderr_path(self, start: int | None = None) -> Path:
        return self.log_dir / f"{self.name}-{start or self.starts}.stderr.log"

    def start(self, timeout: float = 60.0) -> "LeashServer":
        """Starts the server and waits until /readyz answers 200."""
        self.starts += 1
        if not self.port:
            self.port = free_loopback_port()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        argv = [
            str(self.binary), "serve",
            "--listen", f"127.0.0.1:{self.port}",
            "--data-dir", str(self.data_dir),
            *self.extra_args,
        ]
        with open(self.stdout_path(), "wb") as stdout, open(self.stderr_path(), "wb") as stderr:
            # The child keeps its own copies of the descriptors.
            self.process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                env={**clean_environment(), **self.environment},
                cwd=self.data_dir,
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"leash serve exited with status {self.process.returncode} before it was ready "
                    f"({' '.join(argv)}).\n{self.log_tail()}"
                )
            try:
                if requests.get(self.base_url + "/readyz", verify=self.verify, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                self.process.kill()
                raise RuntimeError(f"leash serve was not ready within {timeout:.0f} s.\n{self.log_tail()}")
            time.sleep(0.1)
        if self.starts == 1:
            self.admin_secret = self._bootstrap_secret()
        return self

    def _bootstrap_secret(self) -> str:
        # The secret may be flushed a moment after the listener is up.
        for _ in range(50):
            found = SECRET_PATTERN.findall(self.stdout_path(1).read_text(errors="replace"))
            if found:
                return found[0]
            time.sleep(0.1)
        raise RuntimeError(f"leash serve did not print a bootstrap admin secret on first start.\n{self.log_tail()}")

    def stop(self, timeout: float = 20.0) -> int:
        """Sends SIGTERM and returns the exit status (killing the process if it does not stop)."""
        if self.process is None:
            return 0
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise RuntimeError(f"leash serve did not stop within {timeout:.0f} s of SIGTERM")
        status = self.process.returncode
        self.process = None
        return status

    def logs(self) -> str:
        """Everything every start of this server wrote to stdout and stderr."""
        parts = []
        for start in range(1, self.starts + 1):
            for path in (self.stdout_path(start), self.stderr_path(start)):
                if path.exists():
                    parts.append(path.read_text(errors="replace"))
        return "\n".join(parts)

    def log_tail(self, lines: int = 40) -> str:
        text = self.logs().splitlines()
        return "--- server output (last lines) ---\n" + "\n".join(text[-lines:])
