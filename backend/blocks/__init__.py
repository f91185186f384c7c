"""The HTTP face of the connector registry (which lives in connectors/sdk/registry.py)."""
