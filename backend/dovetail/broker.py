"""The embedded broker: kombu's filesystem transport, with messages that appear whole.

kombu writes a message straight into the queue folder (under an flock the reader never takes),
and the reader lists the folder, moves a file out and parses it. A worker polling the folder
every 10 ms (settings.CELERY_BROKER_TRANSPORT_OPTIONS) regularly caught a file the web process
had created but not yet written: an empty "message", a JSONDecodeError, and Celery stopped the
worker with "Unrecoverable error" (its prefetched runs waited for the sweeper). Here a message is
written under a name the reader skips and renamed into place once complete; a rename within one
folder is atomic, so a reader sees the whole file or nothing.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        # kombu's name (arrival order first, then a uuid); `.part` makes the reader's
        # `<queue>.msg` suffix test skip it until the rename.
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + ".part"
        try:
            with open(partial, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
