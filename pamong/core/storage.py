"""The private file storage: uploaded documents on the server's disk, and what happens when the disk is full.

Django's FileSystemStorage leaves a half-written file behind when a write fails (disk full, quota, I/O error) and
lets the OSError become a 500. ``PrivateFileStorage`` removes what it had started to write and raises
``StorageUnavailable``, a DomainError (507 when the disk is full, 503 otherwise) with a message the user can act on.
The callers store the file before they write its row, inside their transaction, so a refused file leaves no row;
``DomainErrorMiddleware`` turns the error into a clear page where a view did not handle it (the API's envelope
already answers every DomainError).
"""

from __future__ import annotations

import errno
import logging
import os

from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _

from .errors import DomainError

STORAGE_FULL = "core.storage_full"
STORAGE_FAILED = "core.storage_failed"
FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}

logger = logging.getLogger("pamong.storage")


class StorageUnavailable(DomainError):
    default_code = STORAGE_FAILED
    default_http_status = 503


class PrivateFileStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        existed = os.path.lexists(full_path)
        try:
            return super()._save(name, content)
        except FileExistsError:
            raise
        except OSError as exc:
            if not existed:
                try:
                    os.remove(full_path)  # the half-written file of this save, never someone else's
                except FileNotFoundError:
                    pass
                except OSError:
                    logger.exception("Could not remove the half-written upload %s", full_path)
            if exc.errno in FULL_ERRNOS:
                logger.error("Upload refused: the file storage is full (%s)", exc)
                raise StorageUnavailable(
                    _("The server's file storage is full: the file was not saved and nothing was changed. "
                      "Try again later or tell the administrator."),
                    code=STORAGE_FULL, http_status=507) from exc
            logger.error("Upload refused: the file storage failed (%s)", exc)
            raise StorageUnavailable(
                _("The file could not be written to the server's storage: nothing was changed. Try again later."),
                code=STORAGE_FAILED) from exc
