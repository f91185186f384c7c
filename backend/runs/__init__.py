"""Runs and their steps: how a flow is executed and recorded."""
