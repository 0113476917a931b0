"""Employee import from an .xlsx or .csv sheet (the kind a BKPSDM exports from SIASN).

Two phases, both run as background tasks (pamong.people.tasks):

* ``import_validate`` — the dry run: reads the sheet, checks every row and
  stores a per-row report (create / update / unchanged / refused) on the
  ImportJob. Progress goes to ``ImportJob.processed_rows`` (autocommit).
* ``import_apply`` — re-runs the same plan *inside one transaction* against
  the current database and writes it with bulk queries, or writes nothing
  when any row is refused. Progress goes to the cache because the
  transaction hides the job row's updates from other connections.

Everything keyed on the NIP: importing the same file twice changes nothing.

The sub-modules, in the order the data flows through them:

* ``columns`` — the sheet's headers (SIASN names and aliases) → field keys;
* ``cells`` — parsing one cell (pure, table-tested in test_imports.py);
* ``reading`` — the file → ``(row number, {key: raw cell})`` records;
* ``planning`` — records → one RowPlan per row, checked against the database in set-based batches;
* ``writing`` — the plans → bulk writes and one chained audit batch, in the caller's transaction;
* ``jobs`` — the ImportJob life cycle (upload, dry run, apply, progress).

This package re-exports the names the rest of Pamong uses, so ``from pamong.people.imports import X`` works.
"""

from .cells import (
    CellError,
    parse_date,
    parse_education,
    parse_gender,
    parse_golongan,
    parse_identity_number,
    parse_marital_status,
    parse_religion,
    parse_status,
)
from .columns import COLUMN_BY_KEY, COLUMNS, DATE_KEYS, EMPLOYEE_KEYS, HEADERS, TEXT_KEYS, Column, map_headers
from .jobs import (
    ALLOWED_EXTENSIONS,
    ImportRefused,
    import_apply,
    import_apply_start,
    import_job_create,
    import_validate,
    progress_key,
)
from .planning import (
    CREATE,
    EXAMPLE,
    EXAMPLE_MARK,
    REFUSED,
    UNCHANGED,
    UPDATE,
    CleanedRows,
    Lookups,
    RowPlan,
    _clean_row,
    clean_records,
    is_example_row,
    load_lookups,
    plan_rows,
    summarise,
)
from .reading import MAX_ROWS, SheetError, read_sheet
from .writing import BATCH_SIZE, write_plans

__all__ = [
    "ALLOWED_EXTENSIONS", "BATCH_SIZE", "COLUMNS", "COLUMN_BY_KEY", "CREATE", "DATE_KEYS", "EMPLOYEE_KEYS", "EXAMPLE",
    "EXAMPLE_MARK", "HEADERS", "MAX_ROWS", "REFUSED", "TEXT_KEYS", "UNCHANGED", "UPDATE", "CellError", "CleanedRows", "Column",
    "ImportRefused", "Lookups", "RowPlan", "SheetError", "_clean_row", "clean_records", "import_apply", "import_apply_start",
    "import_job_create", "import_validate", "is_example_row", "load_lookups", "map_headers", "parse_date",
    "parse_education", "parse_gender", "parse_golongan", "parse_identity_number", "parse_marital_status",
    "parse_religion", "parse_status", "plan_rows", "progress_key", "read_sheet", "summarise", "write_plans",
]
