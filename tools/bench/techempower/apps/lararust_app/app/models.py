"""The two TechEmpower tables as models."""

from __future__ import annotations

from lararust_orm import Model


class World(Model):
    """A row of ``tfb_world`` (10,000 rows)."""

    table = "tfb_world"
    timestamps = False
    id: int
    randomnumber: int


class Fortune(Model):
    """A row of ``tfb_fortune`` (12 rows)."""

    table = "tfb_fortune"
    timestamps = False
    id: int
    message: str
