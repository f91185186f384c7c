"""SQLite's writers queue on `<database>-writelock` (backend/core/sqlite): held for exactly a write
transaction or a lone write statement, let go at its end however it ends."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections

from backend.core.sqlite.base import DatabaseWrapper


def _free(lock_path: Path) -> bool:
    """Could another process take the write lock now? (A probe of its own, let go at once.)"""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing the probe's file lets go of what it took
    return True


def _wrapper(path: Path) -> DatabaseWrapper:
    settings = {**connections["default"].settings_dict, "NAME": str(path)}
    settings["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30, "init_command": "PRAGMA journal_mode=WAL;"}
    return DatabaseWrapper(settings, alias=f"writelock-{path.name}")


@pytest.fixture
def database(tmp_path: Path, django_db_blocker) -> Iterator[tuple[DatabaseWrapper, Path]]:
    # A database file of its own, not the test database: unblocked for these connections.
    with django_db_blocker.unblock():
        db = _wrapper(tmp_path / "db.sqlite3")
        with db.cursor() as cursor:
            cursor.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, ref TEXT)")
        yield db, tmp_path / "db.sqlite3-writelock"
        db.close()


def _begin(db: DatabaseWrapper) -> None:
    """What `transaction.atomic()` does first on SQLite (BEGIN IMMEDIATE)."""
    db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def test_a_write_transaction_holds_the_lock_until_it_commits(database):
    db, lock = database
    assert _free(lock)
    _begin(db)
    assert not _free(lock)
    with db.cursor() as cursor:
        cursor.execute("INSERT INTO orders (ref) VALUES (%s)", ["#1001"])
    assert not _free(lock)
    db.commit()
    db.set_autocommit(True)
    assert _free(lock)
    with db.cursor() as cursor:
        cursor.execute("SELECT ref FROM orders")
        assert cursor.fetchall() == [("#1001",)]


def test_a_rolled_back_transaction_lets_go_and_leaves_nothing(database):
    db, lock = database
    _begin(db)
    with db.cursor() as cursor:
        cursor.execute("INSERT INTO orders (ref) VALUES (%s)", ["#1002"])
    db.rollback()
    db.set_autocommit(True)
    assert _free(lock)
    with db.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM orders")
        assert cursor.fetchone() == (0,)


def test_closing_a_connection_inside_a_transaction_lets_go(database):
    db, lock = database
    _begin(db)
    assert not _free(lock)
    db.close()
    assert _free(lock)


def test_a_write_outside_a_transaction_waits_for_the_holder_then_lands(database, tmp_path):
    db, lock = database
    holder = os.open(lock, os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another process's writer, between its statements
    landed = threading.Event()

    def write() -> None:  # a connection of its own, as each web thread has
        mine = _wrapper(tmp_path / "db.sqlite3")
        with mine.cursor() as cursor:
            cursor.execute("INSERT INTO orders (ref) VALUES (%s)", ["#1003"])
        landed.set()
        mine.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        # Queued on the lock (SQLite's own is free), not writing beside the holder.
        assert not landed.wait(0.5)
    finally:
        os.close(holder)
    assert landed.wait(10)
    writer.join()
    assert _free(lock)  # the lone statement let go once it was done
    with db.cursor() as cursor:
        cursor.execute("SELECT ref FROM orders")
        assert cursor.fetchall() == [("#1003",)]


def test_reads_do_not_wait_for_a_writer(database, tmp_path):
    db, lock = database
    other = _wrapper(tmp_path / "db.sqlite3")
    _begin(other)
    with db.cursor() as cursor:  # WAL: a reader runs beside the writer
        cursor.execute("SELECT count(*) FROM orders")
        assert cursor.fetchone() == (0,)
    assert not _free(lock)
    other.rollback()
    other.set_autocommit(True)
    other.close()


def test_a_process_forked_mid_transaction_leaves_the_parents_lock_held(database):
    db, lock = database
    _begin(db)
    child = os.fork()
    if child == 0:  # what a child does with the connection it inherited: close it
        code = 0
        try:
            db.write_lock.close()
        except BaseException:
            code = 1
        os._exit(code)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert not _free(lock)  # still the parent's, mid-transaction
    db.rollback()
    db.set_autocommit(True)
    assert _free(lock)
