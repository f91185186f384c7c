"""Dovetail connectors: pure Python packages that declare blocks (no Django)."""
