"""Flow versions read once per process: a version's document never changes (a save makes a new one)."""

from __future__ import annotations

import functools
from typing import Any

from backend.flows.models import FlowVersion


@functools.lru_cache(maxsize=512)
def version_document(version_id: int, checksum: str) -> dict[str, Any]:
    """The version's document (read-only: shared by every caller), cached by id and content checksum."""
    return FlowVersion.objects.values_list("document", flat=True).get(pk=version_id)


def attach_document(version: FlowVersion) -> FlowVersion:
    """Fill in the document of a version loaded without it (`.defer(...document)`), from the cache."""
    version.document = version_document(version.pk, version.checksum)
    return version
