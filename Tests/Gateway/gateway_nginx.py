"""Runs a real nginx (the Debian package) with examples/nginx/nginx.conf.template, unprivileged,
from a temporary prefix directory, on a free loopback port.

nginx must be installed (CI: `.ci/run` installs it; locally `apt-get install -y nginx-light`);
NGINX_BIN names another binary. Without one the suite fails with that message: these tests
are the issue's proof that the gateway works, so they never skip.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = REPO_ROOT / "examples" / "nginx" / "nginx.conf.template"


def nginx_binary() -> str:
    """NGINX_BIN, else `nginx` on PATH, else Debian's /usr/sbin/nginx; fails the test run without one."""
    explicit = os.environ.get("NGINX_BIN")
    candidates = [explicit] if explicit else [shutil.which("nginx"), "/usr/sbin/nginx"]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    where = f"NGINX_BIN={explicit} is not an executable" if explicit else "no nginx on PATH or at /usr/sbin/nginx"
    pytest.fail(
        f"nginx is not installed ({where}): the gateway suite drives a real nginx in front of Leash. "
        "Install it (apt-get install -y nginx-light) or set NGINX_BIN.",
        pytrace=False,
    )


def render(listen: str, leash: str, upstream: str) -> str:
    """The example configuration with its placeholders filled in (see the template's header)."""
    text = TEMPLATE.read_text()
    for placeholder in ("@LISTEN@", "@LEASH@", "@UPSTREAM@"):
        assert placeholder in text, f"{TEMPLATE} no longer has the placeholder {placeholder}"
    text = text.replace("@LISTEN@", listen).replace("@LEASH@", leash).replace("@UPSTREAM@", upstream)
    if os.geteuid() == 0:
        # A root master would run its workers as `nobody`, who cannot enter the private temporary
        # directory; unprivileged runs (the normal case) need nothing.
        text = "user root root;\n" + text
    return text


def wait_for_port(port: int, process: subprocess.Popen, deadline: float, describe) -> None:
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited with status {process.returncode} before it listened.\n{describe()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"nginx did not listen on 127.0.0.1:{port} in time.\n{describe()}")
        time.sleep(0.05)


@dataclass
class Nginx:
    """One nginx process serving the rendered example from `prefix`."""

    prefix: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @classmethod
    def start(cls, prefix: Path, port: int, leash: str, upstream: str, timeout: float = 20.0) -> "Nginx":
        binary = nginx_binary()
        prefix.mkdir(parents=True, exist_ok=True)
        (prefix / "temp").mkdir(exist_ok=True)
        config = prefix / "nginx.conf"
        config.write_text(render(f"127.0.0.1:{port}", leash, upstream))
        argv = [binary, "-p", str(prefix), "-c", str(config), "-g", "daemon off;"]
        check = subprocess.run([binary, "-t", "-p", str(prefix), "-c", str(config)], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx refused the rendered configuration {config}:\n{check.stderr}")
        with open(prefix / "stderr.log", "wb") as stderr:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr, cwd=prefix)
        nginx = cls(prefix=prefix, port=port, process=process)
        wait_for_port(port, process, time.monotonic() + timeout, nginx.log_tail)
        return nginx

    def stop(self, timeout: float = 10.0) -> None:
        """Graceful stop (SIGQUIT lets workers finish their requests)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def error_log(self) -> str:
        parts = [(self.prefix / name).read_text(errors="replace") for name in ("stderr.log", "error.log")
                 if (self.prefix / name).exists()]
        return "\n".join(parts)

    def log_tail(self, lines: int = 30) -> str:
        return "--- nginx error log (last lines) ---\n" + "\n".join(self.error_log().splitlines()[-lines:])
