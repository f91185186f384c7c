"""Loading a connector's JSON schemas and samples from its package folders."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any


def json_loader(package_file: str, folder: str) -> Callable[[str], Any]:
    """`load = json_loader(__file__, "schemas")`, then `load("customer.json")`; each file is read once."""
    base = Path(package_file).resolve().parent / folder

    @functools.cache
    def load(name: str) -> Any:
        return json.loads((base / name).read_text(encoding="utf-8"))

    return load
