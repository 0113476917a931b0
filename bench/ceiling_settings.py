"""The ceiling: the same Django and database, with no middleware, layout, session or auth."""

from bench.settings import *  # noqa: F403

MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.ceiling_urls"
