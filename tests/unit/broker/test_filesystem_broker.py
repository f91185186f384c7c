"""The embedded broker never hands a reader half a message (it used to crash the worker)."""

from __future__ import annotations

import os
import threading
import uuid

import pytest
from kombu import Connection, Exchange, Queue

from backend.dovetail import broker


@pytest.fixture
def queue_name():
    # kombu keeps declared exchanges in class-level state for the whole process: a name per test
    # keeps one test's bindings (stored in its own tmp folder) from standing in for another's.
    return f"runs-{uuid.uuid4().hex[:8]}"


def folders(tmp_path):
    # control_folder too: kombu's default is ./control, in whatever folder the tests run from
    (tmp_path / "c").mkdir(exist_ok=True)
    return {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path), "control_folder": str(tmp_path / "c")}


@pytest.fixture
def connection(tmp_path):
    options = {**folders(tmp_path), "polling_interval": 0.001}
    with Connection("filesystem://", transport="backend.dovetail.broker:Transport", transport_options=options) as conn:
        yield conn


def publish(conn, name, count, *, declare=True):
    exchange = Exchange(name, type="direct")
    declared = [Queue(name, exchange, name)] if declare else []
    with conn.Producer() as producer:
        for n in range(count):
            producer.publish({"n": n}, exchange=exchange, routing_key=name, declare=declared)


def test_a_message_is_not_in_the_queue_folder_until_it_is_whole(connection, queue_name, tmp_path, monkeypatch):
    seen_while_writing = []
    real_dumps = broker.dumps

    def dumps(payload):
        # The file is open for writing now: a reader listing the folder must not see it yet.
        seen_while_writing.append([name for name in os.listdir(tmp_path) if name.endswith(f".{queue_name}.msg")])
        return real_dumps(payload)

    monkeypatch.setattr(broker, "dumps", dumps)
    publish(connection, queue_name, 1)
    assert seen_while_writing == [[]]
    assert len([name for name in os.listdir(tmp_path) if name.endswith(f".{queue_name}.msg")]) == 1


def test_a_reader_polling_beside_a_writer_gets_every_message_once(connection, queue_name, tmp_path):
    total = 400
    received = []
    with Connection(
        "filesystem://",
        transport="backend.dovetail.broker:Transport",
        transport_options=folders(tmp_path),
    ) as writer_conn:
        # The reader declares the queue; a second declaration racing it rewrites kombu's binding
        # table (another of that transport's files) while the writer reads it.
        writer = threading.Thread(target=publish, args=(writer_conn, queue_name, total), kwargs={"declare": False})
        queue = Queue(queue_name, Exchange(queue_name, type="direct"), queue_name)
        with connection.SimpleQueue(queue) as reader:
            writer.start()
            while len(received) < total:
                message = reader.get(timeout=10)  # a half-written file raised JSONDecodeError here
                received.append(message.payload["n"])
                message.ack()
            writer.join()
    assert sorted(received) == list(range(total))
