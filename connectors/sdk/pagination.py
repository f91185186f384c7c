"""Pagination helpers: each yields items across pages and stops at `max_items` or the last page.

The fetch functions are the connector's own client calls, so the helpers know no vendor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import requests


def starting_after(fetch: Callable[[str | None], Mapping[str, Any]], *, max_items: int | None = None) -> Iterator[Any]:
    """Stripe-style lists: `{data: [...], has_more}`; the next page starts after the last id."""
    cursor: str | None = None
    count = 0
    while True:
        page = fetch(cursor)
        for item in page.get("data", []):
            yield item
            count += 1
            if max_items is not None and count >= max_items:
                return
        if not page.get("has_more") or not page.get("data"):
            return
        cursor = page["data"][-1]["id"]


def cursor(
    fetch: Callable[[str | None], tuple[list[Any], str | None]], *, max_items: int | None = None
) -> Iterator[Any]:
    """Opaque cursors (GraphQL `pageInfo.endCursor`, HubSpot `paging.next.after`): fetch returns (items, next)."""
    after: str | None = None
    count = 0
    while True:
        items, after = fetch(after)
        for item in items:
            yield item
            count += 1
            if max_items is not None and count >= max_items:
                return
        if not after or not items:
            return


def link_header(
    fetch: Callable[[str | None], requests.Response],
    items: Callable[[requests.Response], list[Any]],
    *,
    max_items: int | None = None,
) -> Iterator[Any]:
    """RFC 8288 `Link: <…>; rel="next"`: fetch(None) is the first page, fetch(url) the next ones."""
    url: str | None = None
    count = 0
    while True:
        response = fetch(url)
        for item in items(response):
            yield item
            count += 1
            if max_items is not None and count >= max_items:
                return
        url = response.links.get("next", {}).get("url")
        if not url:
            return


def page_number(
    fetch: Callable[[int], list[Any]], *, page_size: int, first_page: int = 1, max_items: int | None = None
) -> Iterator[Any]:
    """Page/offset lists: a page shorter than `page_size` is the last one."""
    page = first_page
    count = 0
    while True:
        items = fetch(page)
        for item in items:
            yield item
            count += 1
            if max_items is not None and count >= max_items:
                return
        if len(items) < page_size:
            return
        page += 1
