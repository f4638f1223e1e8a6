"""The application, built the Laravel 11 way: API routes without the ``/api`` prefix."""

from __future__ import annotations

from pathlib import Path

from lararust_core import Application

app = (
    Application.configure(base_path=Path(__file__).resolve().parents[1])
    .with_routing(api="routes/api.py", api_prefix="")
    .create()
)
