"""The demo accounts on the login page: only while the demo runs (PAMONG_DEMO=1), never in production.

`manage.py demo_accounts` (run by `make run` after the seeds) writes the rows to VAR_DIR/demo-accounts.json;
the login page reads them back. The file holds demo passwords and TOTP secrets of a throwaway database, so it is
written owner-only, and it is ignored unless the process was started with PAMONG_DEMO=1.
"""

import json
import os
from pathlib import Path

from django.conf import settings

FILE_NAME = "demo-accounts.json"
FIELDS = ("role", "role_label", "username", "password", "totp_secret", "hint")


def demo_enabled() -> bool:
    return os.environ.get("PAMONG_DEMO") == "1"


def _path() -> Path:
    return Path(settings.VAR_DIR) / FILE_NAME


def write_demo_accounts(rows: list[dict]) -> Path:
    path = _path()
    clean = [{key: str(row.get(key) or "") for key in FIELDS} for row in rows]
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(clean, handle, ensure_ascii=False, indent=1)
    return path


def demo_accounts_for_login() -> list[dict]:
    """The rows to show on the login page; [] outside the demo or when nothing was published."""
    if not demo_enabled():
        return []
    try:
        rows = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(rows, list):
        return []
    return [{key: str(row.get(key, "")) for key in FIELDS} for row in rows if isinstance(row, dict)]
