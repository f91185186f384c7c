"""The embedded broker never hands a reader half a message (it used to crash the worker)."""

from __future__ import annotations

import os
import threading

import pytest
from kombu import Connection, Exchange, Queue

from backend.dovetail import broker

QUEUE = "runs"


def folders(tmp_path):
    # control_folder too: kombu's default is ./control, in whatever folder the tests run from
    (tmp_path / "c").mkdir(exist_ok=True)
    return {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path), "control_folder": str(tmp_path / "c")}


@pytest.fixture
def connection(tmp_path):
    options = {**folders(tmp_path), "polling_interval": 0.001}
    with Connection("filesystem://", transport="backend.dovetail.broker:Transport", transport_options=options) as conn:
        yield conn


def publish(conn, count, start=0):
    exchange = Exchange(QUEUE, type="direct")
    with conn.Producer() as producer:
        for n in range(start, start + count):
            producer.publish({"n": n}, exchange=exchange, routing_key=QUEUE, declare=[Queue(QUEUE, exchange, QUEUE)])


def test_a_message_is_not_in_the_queue_folder_until_it_is_whole(connection, tmp_path, monkeypatch):
    seen_while_writing = []
    real_dumps = broker.dumps

    def dumps(payload):
        # The file is open for writing now: a reader listing the folder must not see it yet.
        seen_while_writing.append([name for name in os.listdir(tmp_path) if name.endswith(f".{QUEUE}.msg")])
        return real_dumps(payload)

    monkeypatch.setattr(broker, "dumps", dumps)
    publish(connection, 1)
    assert seen_while_writing == [[]]
    assert len([name for name in os.listdir(tmp_path) if name.endswith(f".{QUEUE}.msg")]) == 1


def test_a_reader_polling_beside_a_writer_gets_every_message_once(connection, tmp_path):
    total = 400
    received = []
    with Connection(
        "filesystem://",
        transport="backend.dovetail.broker:Transport",
        transport_options=folders(tmp_path),
    ) as writer_conn:
        writer = threading.Thread(target=publish, args=(writer_conn, total))
        queue = Queue(QUEUE, Exchange(QUEUE, type="direct"), QUEUE)
        with connection.SimpleQueue(queue) as reader:
            writer.start()
            while len(received) < total:
                message = reader.get(timeout=10)  # a half-written file raised JSONDecodeError here
                received.append(message.payload["n"])
                message.ack()
            writer.join()
    assert sorted(received) == list(range(total))
