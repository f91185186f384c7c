"""Flows and their immutable versions."""
