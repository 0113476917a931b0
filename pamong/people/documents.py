"""Validation of uploaded documents by content, not by name (reliability-security.md G20)."""

import hashlib
import io
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .errors import INVALID_DOCUMENT, PeopleError

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
ALLOWED = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
_FORBIDDEN_PDF_KEYS = ("/JavaScript", "/JS", "/Launch", "/EmbeddedFiles", "/RichMedia", "/XFA")


@dataclass(frozen=True, slots=True)
class CheckedDocument:
    content: bytes
    content_type: str
    extension: str
    safe_name: str
    sha256: str


def safe_filename(name: str) -> str:
    """Strip paths, control and bidi characters from a user-supplied filename."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '\u202e\u202d\u200f\u200e"<>:|?*')
    return cleaned.strip(" .")[:200] or "dokumen"


def _refuse(message: str) -> PeopleError:
    return PeopleError(message, code=INVALID_DOCUMENT, extra={"fields": {"file": [message]}})


def check_document(name: str, content: bytes) -> CheckedDocument:
    """Return the document if it is a genuine, safe PDF, JPEG or PNG of at most 5 MB.

    Raises PeopleError (people.invalid_document) for anything else:
    wrong extension, content that is not what the extension claims,
    HTML polyglots, PDFs with scripts, encrypted PDFs, broken images.
    """
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED:
        raise _refuse(_("Only PDF, JPG and PNG files are accepted."))
    if not content:
        raise _refuse(_("The file is empty."))
    if len(content) > MAX_DOCUMENT_BYTES:
        raise _refuse(_("The file is larger than 5 MB."))
    expected = ALLOWED[extension]
    kind = filetype.guess(content)
    if kind is None or kind.mime != expected:
        raise _refuse(_("The file content does not match its type."))
    if expected == "application/pdf":
        _check_pdf(content)
    else:
        _check_image(content)
    return CheckedDocument(
        content=content,
        content_type=expected,
        extension=extension,
        safe_name=safe_filename(name),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def _check_pdf(content: bytes) -> None:
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise _refuse(_("Encrypted PDF files are not accepted."))
        if len(reader.pages) == 0:
            raise _refuse(_("The PDF has no pages."))
    except (PdfReadError, ValueError, KeyError, TypeError):
        raise _refuse(_("The PDF file is damaged.")) from None
    if any(key.encode() in content for key in _FORBIDDEN_PDF_KEYS):
        raise _refuse(_("PDF files with scripts or embedded files are not accepted."))


def _check_image(content: bytes) -> None:
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        with Image.open(io.BytesIO(content)) as image:
            if image.width * image.height > 40_000_000:
                raise _refuse(_("The image is too large."))
            image.load()
    except PeopleError:
        raise
    except Exception:  # Pillow raises many types for corrupt input
        raise _refuse(_("The image file is damaged.")) from None
