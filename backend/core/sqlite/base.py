"""SQLite for several processes: writers queue on a file lock, not in SQLite's busy handler.

The web server's processes and the worker's write the one database file. SQLite lets one writer
in at a time, and a writer that finds the lock taken does not wait for it to be released: its
busy handler sleeps 1, 2, 5, 10, … up to 100 ms between tries. Under ten concurrent webhook
senders that put the accept p99 at ~500 ms while the median was 6 ms (docs/performance.md,
round 14): most waits were sleeps past the moment the lock was free.

Here every write transaction (`BEGIN IMMEDIATE` … `COMMIT` / `ROLLBACK`) and every write
statement outside one first takes an exclusive `flock` on `<database>-writelock`. A writer blocked
there sleeps in the kernel and wakes as soon as the holder lets go, so it reaches SQLite's lock
when it is free. The lock is one open file per connection (Django's connections are per thread),
so threads of one process queue like processes do, and a process that dies lets go with it.
SQLite's busy timeout stays for whatever does not take this lock (the `sqlite3` shell, a backup).

Reads take neither: in WAL mode they run beside the writer. An in-memory database (one process)
takes no lock. Each statement's `%s` placeholders are converted to SQLite's once per text.
"""

from __future__ import annotations

import fcntl
import functools
import os
import re
from typing import Any

from django.db.backends.sqlite3 import base

_READ = re.compile(r"\s*(SELECT|EXPLAIN|PRAGMA)\b", re.IGNORECASE)


class WriteLock:
    """An exclusive flock on a file beside the database, taken at most once at a time by its owner."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd: int | None = None
        self.pid = os.getpid()
        self.held = False

    def _after_fork(self) -> None:
        """In a forked child the open file and any lock on it are the parent's: the child closes its
        copy (a lock lasts while any copy is open), never unlocks it, and opens its own when needed."""
        if self.pid != os.getpid():
            if self.fd is not None:
                os.close(self.fd)
            self.fd, self.held, self.pid = None, False, os.getpid()

    def acquire(self) -> None:
        self._after_fork()
        if self.held:
            return
        if self.fd is None:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX)  # blocks in the kernel (without the GIL) until free
        self.held = True

    def release(self) -> None:
        self._after_fork()
        if self.held:
            self.held = False
            fcntl.flock(self.fd, fcntl.LOCK_UN)

    def close(self) -> None:
        self.release()
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class Cursor(base.SQLiteCursorWrapper):
    """Outside a transaction, a write statement is its own transaction: it takes the lock for itself."""

    write_lock: WriteLock | None = None

    def execute(self, query: str, params: Any = None) -> Any:
        if self.write_lock is None or self.connection.in_transaction or _READ.match(query):
            return super().execute(query, params)
        return self._alone(super().execute, query, params)

    def executemany(self, query: str, param_list: Any) -> Any:
        if self.write_lock is None or self.connection.in_transaction:
            return super().executemany(query, param_list)
        return self._alone(super().executemany, query, param_list)

    def convert_query(self, query: str, *, param_names: list[str] | None = None) -> str:
        if param_names is None:
            return _qmark(query)
        return super().convert_query(query, param_names=param_names)

    def _alone(self, call: Any, *args: Any) -> Any:
        lock = self.write_lock
        if lock.held:
            return call(*args)
        lock.acquire()
        try:
            return call(*args)
        finally:
            # A statement that began a transaction (a bare BEGIN) keeps the lock until its end.
            if not self.connection.in_transaction:
                lock.release()


@functools.lru_cache(maxsize=1024)
def _qmark(query: str) -> str:
    """`%s` placeholders as SQLite's `?`, as Django's cursor converts them, once per statement
    text: the same few statements run for every event, and the conversion was ~4 % of the web's
    CPU per webhook (docs/performance.md, round 14)."""
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class DatabaseWrapper(base.DatabaseWrapper):
    write_lock: WriteLock | None = None

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        if not self.is_in_memory_db():
            self.write_lock = WriteLock(f"{self.settings_dict['NAME']}-writelock")
        return connection

    def create_cursor(self, name: str | None = None) -> Any:
        cursor = self.connection.cursor(factory=Cursor)
        cursor.write_lock = self.write_lock
        return cursor

    def _start_transaction_under_autocommit(self) -> None:
        if self.write_lock is not None:
            self.write_lock.acquire()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._let_go()
            raise

    def _commit(self) -> None:
        try:
            return super()._commit()
        finally:
            self._let_go()

    def _rollback(self) -> None:
        try:
            return super()._rollback()
        finally:
            self._let_go()

    def _close(self) -> None:
        try:
            return super()._close()
        finally:
            if self.write_lock is not None:
                self.write_lock.close()

    def _let_go(self) -> None:
        # Not while SQLite still holds the transaction (a COMMIT that failed): the next writer would
        # only meet SQLite's lock.
        if self.write_lock is not None and (self.connection is None or not self.connection.in_transaction):
            self.write_lock.release()
