"""Users: session login for the browser, API tokens for scripts."""
