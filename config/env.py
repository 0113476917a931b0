"""The one environment reader of the project.

Every setting that may differ between machines is read here, through
django-environ. A secret may also be given as ``<NAME>_FILE`` (a path whose
content is the value), the convention of container secrets.
"""

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()


def secret(name: str, default: str | None = None) -> str | None:
    """Return *name* from the environment, or the content of ``<name>_FILE``."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return env.str(name, default=default)
