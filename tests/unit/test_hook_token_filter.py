"""The logging filter that keeps webhook tokens out of logs: granian's access lines and Django's request warnings."""

from __future__ import annotations

import logging

from backend.core.redaction import HookTokenFilter, hide_hook_tokens

TOKEN = "fOMNpRIb8LjMMD-x6Lpdllk0JmuSpluR"
ACCESS_FMT = '[%(time)s] %(addr)s - "%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).3f'


def formatted(msg: str, args) -> str:
    record = logging.LogRecord("granian.access", logging.INFO, __file__, 1, msg, args, None)
    assert HookTokenFilter().filter(record) is True  # it hides, it never drops a line
    return record.getMessage()


def test_an_access_line_shows_the_hooks_path_without_its_token():
    request = {"time": "t", "addr": "127.0.0.1", "method": "POST", "protocol": "HTTP/1.1", "status": 202, "dt_ms": 1.5}
    line = formatted(ACCESS_FMT, ({**request, "path": f"/hooks/{TOKEN}"},))
    assert line == '[t] 127.0.0.1 - "POST /hooks/[redacted] HTTP/1.1" 202 1.500'
    other = formatted(ACCESS_FMT, ({**request, "path": "/api/runs/"},))
    assert '"POST /api/runs/ HTTP/1.1"' in other


def test_a_django_request_warning_shows_the_path_without_its_token():
    assert formatted("%s: %s", ("Bad Request", f"/hooks/{TOKEN}")) == "Bad Request: /hooks/[redacted]"
    assert formatted(f"Not Found: /hooks/{TOKEN}", ()) == "Not Found: /hooks/[redacted]"


def test_hide_hook_tokens_keeps_what_follows_the_token():
    url = f"https://x.example/hooks/{TOKEN}?a=1 done"
    assert hide_hook_tokens(url) == "https://x.example/hooks/[redacted]?a=1 done"
    assert hide_hook_tokens("/api/flows/") == "/api/flows/"
