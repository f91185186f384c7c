"""Cross-cutting pieces: the error tree, the API error handler, redaction."""
