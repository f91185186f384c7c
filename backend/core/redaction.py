"""Hide secrets before anything is stored or shown: headers and fields named like secrets."""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

REDACTED = "[redacted]"
SECRET_KEY_NAME = re.compile(
    r"(authorization|cookie|token|secret|password|passwd|api[-_]?key|signature|hmac|card[-_]?number|cvc|cvv)",
    re.IGNORECASE,
)
# A URL's query parameters are named more tersely than headers (`?key=…`, `?sig=…`); these names are
# secrets there, though a field named `key` elsewhere (a sort key, a config key) is not.
SECRET_QUERY_NAME = re.compile(
    SECRET_KEY_NAME.pattern
    + r"|^(key|sig|auth|pass|pwd|credentials?|(access|private|secret|signing|client|auth)[-_]?key)$",
    re.IGNORECASE,
)
# The webhook token in a path: for a core.webhook flow, the only thing authenticating the sender.
HOOK_TOKEN = re.compile(r"(/hooks/)[^/?#\s\"]+")


@functools.lru_cache(maxsize=4096)
def _secret_key(name: str) -> bool:
    # Cached: every webhook delivery's headers go through here, mostly the same dozen names.
    return SECRET_KEY_NAME.search(name) is not None


def redact(value: Any) -> Any:
    """A copy of a JSON value with every value under a secret-looking key replaced."""
    if isinstance(value, dict):
        return {k: (REDACTED if isinstance(k, str) and _secret_key(k) else redact(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


def redact_query(query: dict[str, Any]) -> dict[str, Any]:
    """A copy of a request's query parameters ({name: value or [values]}) with secret-named ones replaced."""
    if not query:
        return query
    return {k: REDACTED if SECRET_QUERY_NAME.search(k) else v for k, v in query.items()}


def hide_hook_tokens(text: str) -> str:
    """`/hooks/<token>` → `/hooks/[redacted]` wherever it is in `text`."""
    return HOOK_TOKEN.sub(r"\g<1>" + REDACTED, text) if "/hooks/" in text else text


class HookTokenFilter(logging.Filter):
    """A logging filter that hides webhook tokens in a record's message and arguments (it drops nothing).

    Used on granian's access log (`manage.py serve`), whose arguments are a dict with the `path`.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, dict):
            path = args.get("path")
            if isinstance(path, str) and "/hooks/" in path:
                record.args = {**args, "path": hide_hook_tokens(path)}
        elif isinstance(args, tuple) and args:
            record.args = tuple(hide_hook_tokens(a) if isinstance(a, str) else a for a in args)
        if isinstance(record.msg, str):
            record.msg = hide_hook_tokens(record.msg)
        return True
