"""The block registry: every connector found through the `dovetail.connectors` entry points.

Built-in connectors are listed here too, so a plain checkout (not pip-installed)
finds them without package metadata.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable, Iterator, Mapping
from importlib.metadata import entry_points

from connectors.sdk.blocks import Block, Connector

BUILT_IN = ("connectors.core", "connectors.httpauth", "connectors.stripe", "connectors.shopify")
ENTRY_POINT_GROUP = "dovetail.connectors"


class Registry(Mapping[str, Block]):
    """Blocks by key, and the connectors that declared them."""

    def __init__(self, connectors: Iterable[Connector]):
        self.connectors: dict[str, Connector] = {}
        self._blocks: dict[str, Block] = {}
        for connector in connectors:
            if connector.key in self.connectors:
                raise ValueError(f"connector {connector.key!r} is declared twice")
            self.connectors[connector.key] = connector
            for block in connector.blocks:
                if block.key in self._blocks:
                    raise ValueError(f"block {block.key!r} is declared twice")
                if block.connector != connector.key:
                    raise ValueError(f"block {block.key!r} must start with {connector.key!r}.")
                self._blocks[block.key] = block

    def __getitem__(self, key: str) -> Block:
        return self._blocks[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._blocks)

    def __len__(self) -> int:
        return len(self._blocks)


def _discover() -> Iterator[Connector]:
    seen = set()
    for module_name in BUILT_IN:
        seen.add(module_name)
        module = importlib.import_module(module_name)
        # A module declares one `connector`, or several `connectors` (connectors.httpauth's kinds).
        yield from getattr(module, "connectors", None) or (module.connector,)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.module in seen:
            continue
        seen.add(ep.module)
        yield ep.load()


@functools.cache
def default_registry() -> Registry:
    """All installed connectors; loaded once per process."""
    return Registry(_discover())
