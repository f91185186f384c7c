"""Serves the built frontend (frontend/dist) at / and every client-side route."""
