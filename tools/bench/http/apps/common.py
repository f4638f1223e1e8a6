"""What every contender serves: the same four endpoints, the same data."""

from __future__ import annotations

import argparse

PLAINTEXT = b"Hello, World!"
MESSAGE = {"message": "Hello, World!"}
ROUTES = 100
#: The matched route is the LAST of the 100 (worst case for a linear scan; said in the output).
ROUTE_INDEX = 99
ROWS = [
    {"id": i, "name": f'<Row {i}> & "friends"', "email": f"user{i}@example.com", "score": i * 7}
    for i in range(1, 13)
]
TITLE = "Users & <scores>"


def parse_args() -> argparse.Namespace:
    """``--port`` and ``--server`` for every app script."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--server", default="uvicorn")
    return parser.parse_args()
