from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """A business rule refused the operation; the message is safe to show.

    ``code`` is stable and machine-readable ("people.nip_birth_date_mismatch").
    Clients and tests match on it, never on the message text. ``extra`` may
    carry ``{"fields": {name: [messages]}}`` for field-level errors.
    """

    default_code = "domain_error"
    default_http_status = 422

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        http_status: int | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code or self.default_code
        self.http_status = http_status or self.default_http_status
        self.extra = dict(extra or {})

    @property
    def field_errors(self) -> dict[str, list[str]]:
        return dict(self.extra.get("fields", {}))
