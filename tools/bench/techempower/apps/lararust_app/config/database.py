from lararust_core import env

#: run.py passes the same DSN and pool size to every contender.
POOL = int(env("TFB_POOL", "16"))

config = {
    "default": "pgsql",
    # Laravel's model: one pooled connection per request (ConnectionPerRequest middleware).
    "connection_per_request": True,
    "connections": {
        "pgsql": {
            "driver": "pgsql",
            "url": env("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test"),
            "pool": {"min": POOL, "max": POOL},
        },
    },
}
