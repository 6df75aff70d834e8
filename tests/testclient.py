"""Starlette's TestClient, without its warning that it now prefers "httpx2" (Reflex
brings httpx)."""

import warnings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient

__all__ = ["TestClient"]
