"""Punch imports from attendance machines (issue #12): parsers (``parsing``) and the import's life (``jobs``)."""

from .jobs import (
    BATCH_ROWS,
    REPORT_ROWS,
    max_bytes,
    punch_import_create,
    punch_import_progress,
    punch_import_run,
)
from .report import PROBLEM_LABELS, problem_label

__all__ = [
    "BATCH_ROWS",
    "PROBLEM_LABELS",
    "REPORT_ROWS",
    "max_bytes",
    "problem_label",
    "punch_import_create",
    "punch_import_progress",
    "punch_import_run",
]
