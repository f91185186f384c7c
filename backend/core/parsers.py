"""The API's JSON parser: DRF's, refusing bodies that nest too deep (backend/core/jsondepth.py)."""

from __future__ import annotations

from typing import Any

from rest_framework import parsers

from backend.core import jsondepth
from backend.core.errors import JsonTooDeep


class JSONParser(parsers.JSONParser):
    """A body nesting deeper than `jsondepth.MAX_DEPTH` is a 400 `json_too_deep`, never a 500."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise JsonTooDeep(jsondepth.MAX_DEPTH) from None
        if jsondepth.nests_deeper(data, jsondepth.MAX_DEPTH):
            raise JsonTooDeep(jsondepth.MAX_DEPTH)
        return data
