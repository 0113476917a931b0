"""Validation of uploaded personnel documents: the shared check in pamong.core.uploads, with people's error code.

Leave attachments and performance evidence use the same check (reliability-security.md G20).
"""

from pamong.core.uploads import ALLOWED, CheckedUpload, UploadRefused, check_upload, max_upload_bytes, safe_filename

from .errors import INVALID_DOCUMENT, PeopleError

__all__ = ["ALLOWED", "MAX_DOCUMENT_BYTES", "CheckedDocument", "check_document", "max_upload_bytes", "safe_filename"]

CheckedDocument = CheckedUpload
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024  # the default of settings.PAMONG_UPLOAD_MAX_BYTES; prefer max_upload_bytes()


def check_document(name: str, content: bytes) -> CheckedDocument:
    """Return the document if it is a genuine, safe PDF, JPEG or PNG within PAMONG_UPLOAD_MAX_BYTES.

    Raises PeopleError (people.invalid_document) for anything else: wrong extension, content that is not
    what the extension claims, HTML polyglots, PDFs with active content, encrypted PDFs, broken images.
    """
    try:
        return check_upload(name, content)
    except UploadRefused as exc:
        raise PeopleError(exc.message, code=INVALID_DOCUMENT, extra=exc.extra) from None
