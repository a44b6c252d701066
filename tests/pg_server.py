"""A throwaway PostgreSQL server for the tests: initdb and postgres in a temporary folder, on 127.0.0.1."""

from __future__ import annotations

import contextlib
import ctypes
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy.engine import URL

# initdb took from 4 to 30 s on a busy machine here; starting takes a few more.
START_TIMEOUT_SECONDS = 90
SUPERUSER = "postgres"
PR_SET_PDEATHSIG = 1
PASSWORD_GROUP = "password_users"


class ServerUnavailable(Exception):
    """The PostgreSQL server binaries are not installed (or cannot be run) on this machine."""


def server_binaries() -> Path | None:
    """Where initdb and postgres are: `pg_config --bindir`, else Debian's /usr/lib/postgresql/*/bin."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config is not None:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            found = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=10
            ).stdout.strip()
            candidates.append(Path(found))
    debian = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True
    )
    candidates.extend(Path(p) for p in debian)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class PostgresServer:
    """A running server: its folder, port, and URLs for the databases on it."""

    binaries: Path
    folder: Path
    port: int
    run_as: str | None  # the system user the server runs as, when we are root
    started_in: float = 0.0
    process: subprocess.Popen[bytes] | None = None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres", user: str = SUPERUSER, password: str | None = None) -> str:
        return URL.create(
            "postgresql+psycopg",
            username=user,
            password=password,
            host="127.0.0.1",
            port=self.port,
            database=database,
        ).render_as_string(hide_password=False)

    def _command(self, *arguments: str) -> list[str]:
        command = [str(self.binaries / arguments[0]), *arguments[1:]]
        if self.run_as is not None:
            # initdb refuses to run as root; the server runs as the postgres system user.
            return ["runuser", "-u", self.run_as, "--", *command]
        return command

    def _run(self, *arguments: str) -> None:
        result = subprocess.run(
            self._command(*arguments),
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_SECONDS,
            cwd=self.folder,
        )
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{arguments[0]} failed: {result.stdout}{result.stderr}{tail}")

    def start(self) -> None:
        began = time.monotonic()
        self._run(
            "initdb",
            "--pgdata",
            str(self.data),
            "--username",
            SUPERUSER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C.UTF-8",
            "--no-sync",
        )
        # Logins in the group password_users must give a password (the tests of the password
        # prompt and ~/.pgpass); every other login is trusted, on 127.0.0.1 only.
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\n"
            f"host all +{PASSWORD_GROUP} 127.0.0.1/32 scram-sha-256\n"
            "host all all 127.0.0.1/32 trust\n"
        )
        settings = {
            "listen_addresses": "127.0.0.1",
            "port": str(self.port),
            "unix_socket_directories": str(self.folder),
            # A throwaway server: durability is not what these tests are about.
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "60",
        }
        command = [str(self.binaries / "postgres"), "-D", str(self.data)]
        for name, value in settings.items():
            command += ["-c", f"{name}={value}"]
        # The server is this process's child and is told to stop when this process dies, however
        # it dies (a test run killed or timed out): no server is ever left running behind a run.
        if self.run_as is not None:
            command = [
                "setpriv",
                f"--reuid={self.run_as}",
                f"--regid={self.run_as}",
                "--init-groups",
                "--pdeathsig=INT",
                "--",
                *command,
            ]
        with (self.folder / "server.log").open("ab") as log:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.folder,
                preexec_fn=None if self.run_as is not None else _stop_with_parent,
            )
        self._wait_until_ready(began + START_TIMEOUT_SECONDS)
        self.started_in = time.monotonic() - began

    def _wait_until_ready(self, deadline: float) -> None:
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"the server stopped as it started: {self._log_tail()}")
            try:
                psycopg.connect(self.url_for_driver(), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not start in time: {self._log_tail()}") from None
                time.sleep(0.1)

    def url_for_driver(self) -> str:
        return f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres"

    def _log_tail(self) -> str:
        log = self.folder / "server.log"
        return log.read_text(errors="replace")[-2000:] if log.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # immediate shutdown: the data is thrown away
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        shutil.rmtree(self.folder, ignore_errors=True)


def _stop_with_parent() -> None:
    """Run in the server's process before it starts: a fast shutdown when its parent dies (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGINT)


def start_server() -> PostgresServer:
    """Start a fresh server, or raise ServerUnavailable when there are no binaries to start one with."""
    binaries = server_binaries()
    if binaries is None:
        raise ServerUnavailable("the PostgreSQL server binaries (initdb, postgres) are not installed")
    run_as: str | None = None
    root = os.geteuid() == 0
    # As root, in /tmp itself: the postgres user cannot reach into a folder under root's home.
    folder = Path(tempfile.mkdtemp(prefix="liaison-pg-", dir="/tmp" if root else None))
    if root:
        try:
            account = pwd.getpwnam(SUPERUSER)
        except KeyError as error:
            shutil.rmtree(folder, ignore_errors=True)
            raise ServerUnavailable("running as root, and there is no postgres system user") from error
        os.chown(folder, account.pw_uid, account.pw_gid)
        run_as = SUPERUSER
    server = PostgresServer(binaries, folder, _free_port(), run_as)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server
