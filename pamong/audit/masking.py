"""Masking of sensitive values before they reach the audit table (G21, G28)."""

# "key": a TOTP device's secret seed, should a device ever be edited where the audit trail records it.
SENSITIVE_FIELDS = frozenset({"nik", "password", "token", "secret", "key"})


def mask_value(value: object) -> object:
    if value in (None, ""):
        return value
    text = str(value)
    return "*" * max(len(text) - 4, 0) + text[-4:]


def mask_sensitive(changes: dict) -> dict:
    """Return *changes* with the values of sensitive fields masked to the last 4 characters."""
    masked = {}
    for field, values in changes.items():
        if field in SENSITIVE_FIELDS and isinstance(values, list | tuple):
            masked[field] = [mask_value(v) for v in values]
        else:
            masked[field] = values
    return masked
