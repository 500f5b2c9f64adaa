"""Helpers (no tests) for a real, throwaway PostgreSQL: CI's own (ACTIEPLAN_TEST_DATABASE_URL) or one started here.

A cluster of our own lives in a temp dir on a free loopback port and is stopped at the end. As root (CI, this
machine) initdb and postgres run as the `postgres` user, which PostgreSQL requires.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BIN_DIRS = [Path(p) for p in os.environ.get("PATH", "").split(os.pathsep)] + sorted(
    Path("/usr/lib/postgresql").glob("*/bin"), reverse=True
)


def postgres_from_env() -> str | None:
    """The server named by ACTIEPLAN_TEST_DATABASE_URL (postgresql://…), if any."""
    # Read here, not via Settings: it configures the tests, not the service.
    return os.environ.get("ACTIEPLAN_TEST_DATABASE_URL", "").strip() or None


def binary(name: str) -> Path | None:
    """A PostgreSQL server program (initdb, postgres) on PATH or in Debian's /usr/lib/postgresql/N/bin."""
    for folder in BIN_DIRS:
        if (folder / name).is_file() and os.access(folder / name, os.X_OK):
            return folder / name
    return None


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PostgresCluster:
    """initdb'd once; start, stop and start again on the same folder and port (the fault tests restart it)."""

    def __init__(self, port: int) -> None:
        initdb, postgres = binary("initdb"), binary("postgres")
        if initdb is None or postgres is None:
            raise FileNotFoundError("initdb/postgres niet gevonden (apt-get install postgresql)")
        self.port = port
        self.postgres = postgres
        # Not under pytest's tmp dirs: those are closed to the `postgres` user.
        self.root = Path(tempfile.mkdtemp(prefix="actieplan-pg-"))
        self.data = self.root / "data"
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.data, "postgres")
        subprocess.run(
            _as_postgres([str(initdb), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The server's maintenance database."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self, timeout_s: float = 60.0) -> None:
        """Start the server and wait until it accepts connections."""
        import psycopg

        log = (self.root / "server.log").open("ab")
        command = [str(self.postgres), "-D", str(self.data), "-p", str(self.port), "-k", str(self.root)]
        command += ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=200"]
        self.process = subprocess.Popen(_as_postgres(command), stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + timeout_s
        while True:
            assert self.process.poll() is None, (self.root / "server.log").read_text(errors="replace")[-2000:]
            try:
                psycopg.connect(self.url, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                assert time.monotonic() < deadline, "PostgreSQL did not start"
                time.sleep(0.1)

    def stop(self) -> None:
        """Stop the server at once (a fast shutdown: open connections are cut) and wait for it."""
        if self.process is None:
            return
        if self.process.poll() is None:
            # SIGINT is PostgreSQL's "fast" shutdown; sent to the postmaster itself (runuser does not pass it on).
            pid_file = self.data / "postmaster.pid"
            try:
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGINT)
            except (OSError, ValueError, IndexError):
                self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def remove(self) -> None:
        """Stop the server and delete its folder."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server for one test (dropped afterwards); yields its URL."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    params = conninfo_to_dict(server_url)
    params["dbname"] = name
    url = make_conninfo(**params)
    try:
        yield url
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
