"""Pagination helpers walk every page and stop where the vendor says."""

from __future__ import annotations

from connectors.sdk import HttpClient, pagination


def test_starting_after_follows_the_last_id_until_has_more_is_false():
    pages = {None: ([1, 2], True), "c2": ([3], False)}
    asked = []

    def fetch(cursor):
        asked.append(cursor)
        ids, more = pages[cursor]
        return {"data": [{"id": f"c{i}"} for i in ids], "has_more": more}

    assert [c["id"] for c in pagination.starting_after(fetch)] == ["c1", "c2", "c3"]
    assert asked == [None, "c2"]


def test_max_items_stops_early():
    def fetch(cursor):
        return {"data": [{"id": "a"}, {"id": "b"}], "has_more": True}

    assert len(list(pagination.starting_after(fetch, max_items=3))) == 3


def test_opaque_cursor_and_page_number():
    pages = {None: ([1, 2], "x"), "x": ([3], None)}
    assert list(pagination.cursor(lambda after: pages[after])) == [1, 2, 3]
    data = {1: [1, 2], 2: [3, 4], 3: []}
    assert list(pagination.page_number(lambda page: data[page], page_size=2)) == [1, 2, 3, 4]


def test_link_header_follows_rel_next(upstream):
    client = HttpClient(base_url=upstream.url)
    original = upstream.server.RequestHandlerClass.end_headers

    def end_headers(handler):
        if "page=2" not in handler.path:
            handler.send_header("Link", f'<{upstream.url}/items?page=2>; rel="next"')
        original(handler)

    upstream.server.RequestHandlerClass.end_headers = end_headers
    upstream.reply = [{"id": 1}]
    items = list(pagination.link_header(lambda url: client.get(url or "/items"), lambda r: r.json()))
    assert items == [{"id": 1}, {"id": 1}]
    assert [r.path for r in upstream.received] == ["/items", "/items?page=2"]
