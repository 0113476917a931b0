"""Uploaded files are checked by what they are, once, for every context (reliability-security.md G20).

Two mechanisms live here:

* ``check_upload(name, content)``: the one content check for documents (PDF, JPEG, PNG) that people,
  leave and performance all call. A PDF is parsed with pypdf and *every* object is walked, including
  objects packed in object streams and the decoded data of compressed streams, so active content is found
  however it is spelled (``/J#61vaScript`` is the same name as ``/JavaScript`` once decoded).
* ``LimitedUploadHandler``: a Django upload handler that stops reading a multipart body as soon as one
  file passes ``PAMONG_UPLOAD_MAX_BYTES`` (or the whole body passes ``PAMONG_UPLOAD_MAX_REQUEST_BYTES``),
  before the file is in memory or on disk. ``UploadLimitMiddleware`` turns the refusal into a clear
  Indonesian 413 page (or the API's JSON envelope) instead of a 500.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from PIL import Image

from .errors import DomainError

INVALID_UPLOAD = "core.invalid_upload"
UPLOAD_TOO_LARGE = "core.upload_too_large"

ALLOWED = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000

# Names that make a PDF do something on its own: run script, start a program, carry or fetch files,
# submit data, open other documents, render XFA forms or rich media. Compared after pypdf has decoded
# ``#xx`` escapes. A name anywhere (dictionary key or value) is enough to refuse.
ACTIVE_PDF_NAMES = frozenset({
    "/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia", "/RichMediaContent",
    "/RichMediaExecute", "/XFA", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/AA", "/EF", "/FileAttachment",
})
# Streams whose decoded bytes are pixels or font programs: arbitrary binary, never PDF syntax.
_BINARY_SUBTYPES = frozenset({"/Image", "/Type1C", "/CIDFontType0C", "/OpenType"})
_BINARY_KEYS = ("/Length1", "/Length2", "/Length3")
_STREAM_BODY = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)  # binary data: decoded and scanned per stream
_STRING_TOKENS = re.compile(rb"\\.|[()]", re.DOTALL)
_NAME_TOKEN = re.compile(rb"/[^\s/<>\[\]()%{}]*")
_MAX_WALK = 200_000  # dictionaries, arrays, names and references visited; more is refused as too complex
_MAX_STREAM_SCAN = 100 * 1024 * 1024  # decoded stream bytes scanned in total (one stream in memory at a time)


class UploadRefused(DomainError):
    """The upload is not an acceptable file; the message says why, in the user's language."""

    default_code = INVALID_UPLOAD


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    content: bytes
    content_type: str
    extension: str
    safe_name: str
    sha256: str


def max_upload_bytes() -> int:
    return int(getattr(settings, "PAMONG_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_request_bytes() -> int:
    return int(getattr(settings, "PAMONG_UPLOAD_MAX_REQUEST_BYTES", 5 * max_upload_bytes()))


def megabytes(size: int) -> str:
    """5242880 → "5"; 1572864 → "1,5" in Indonesian, "1.5" in English."""
    value = size / (1024 * 1024)
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))


def too_large_message(limit: int | None = None) -> str:
    return _("The file is larger than %(size)s MB.") % {"size": megabytes(limit or max_upload_bytes())}


def safe_filename(name: str) -> str:
    """Strip paths, control and bidi characters from a user-supplied filename."""
    base = PurePath(name.replace("\\", "/")).name
    cleaned = "".join(
        ch for ch in base
        if ch.isprintable() and ch not in '\u202e\u202d\u202c\u202b\u202a\u2066\u2067\u2068\u2069'
        '\u200b\u200c\u200d\u200e\u200f\ufeff"<>:|?*'
    )
    return cleaned.strip(" .")[:200] or "dokumen"


def refuse(message: str, *, code: str = INVALID_UPLOAD, field: str = "file") -> UploadRefused:
    return UploadRefused(message, code=code, extra={"fields": {field: [message]}})


def check_upload(name: str, content: bytes, *, max_bytes: int | None = None) -> CheckedUpload:
    """Return the upload if it is a genuine, safe PDF, JPEG or PNG within the size limit.

    Raises UploadRefused (core.invalid_upload) for anything else: wrong extension, content that is not
    what the extension claims, HTML polyglots, PDFs with active content, encrypted PDFs, broken images.
    """
    limit = max_bytes or max_upload_bytes()
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED:
        raise refuse(_("Only PDF, JPG and PNG files are accepted."))
    if not content:
        raise refuse(_("The file is empty."))
    if len(content) > limit:
        raise refuse(too_large_message(limit), code=UPLOAD_TOO_LARGE)
    expected = ALLOWED[extension]
    kind = filetype.guess(content)
    if kind is None or kind.mime != expected:
        raise refuse(_("The file content does not match its type."))
    if expected == "application/pdf":
        check_pdf(content)
    else:
        _check_image(content)
    return CheckedUpload(
        content=content,
        content_type=expected,
        extension=extension,
        safe_name=safe_filename(name),
        sha256=hashlib.sha256(content).hexdigest(),
    )


# --- PDF -------------------------------------------------------------------------------------------


def _active_refusal() -> UploadRefused:
    return refuse(_("PDF files with scripts, actions, forms or embedded files are not accepted."))


def _without_strings(data: bytes) -> bytes:
    """*data* without its literal strings ``(…)``: text such as "(see /JavaScript)" is not a name.

    Only narrows the byte scans; pypdf's parse of every object stays the authority.
    """
    kept, depth, last = [], 0, 0
    for match in _STRING_TOKENS.finditer(data):
        token = match.group()
        if depth == 0:
            if token == b"(":
                kept.append(data[last:match.start()])
                depth = 1
        elif token == b"(":
            depth += 1
        elif token == b")":
            depth -= 1
            if depth == 0:
                last = match.end()
    if depth == 0:
        kept.append(data[last:])
    return b" ".join(kept)


def _names_in(data: bytes) -> set[str]:
    """The PDF names in raw or decoded bytes (outside literal strings), with ``#xx`` escapes decoded."""
    found = set()
    for token in _NAME_TOKEN.findall(_without_strings(data)):
        raw = token.decode("latin-1")
        if "#" in raw:
            raw = re.sub(r"#([0-9A-Fa-f]{2})", lambda match: chr(int(match[1], 16)), raw)
        found.add(raw)
    return found


class _PdfWalker:
    """Visits every object of a parsed PDF once and refuses on the first active-content marker."""

    def __init__(self) -> None:
        self.seen: set[tuple[int, int]] = set()
        self.visited = 0
        self.scanned = 0

    def _tick(self) -> None:
        self.visited += 1
        if self.visited > _MAX_WALK:
            raise refuse(_("The PDF file is too complex."))

    def walk(self, value) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

        _CONTAINERS = (ArrayObject, DictionaryObject, IndirectObject, NameObject)  # noqa: N806

        stack = [value]
        while stack:
            item = stack.pop()
            self._tick()
            if isinstance(item, IndirectObject):
                key = (item.idnum, item.generation)
                if key in self.seen:
                    continue
                self.seen.add(key)
                stack.append(item.get_object())
            elif isinstance(item, NameObject):
                if str(item) in ACTIVE_PDF_NAMES:
                    raise _active_refusal()
            elif isinstance(item, DictionaryObject):
                self._check_dictionary(item)
                for name, child in item.items():
                    if str(name) in ACTIVE_PDF_NAMES:
                        raise _active_refusal()
                    if isinstance(child, _CONTAINERS):
                        stack.append(child)
                if isinstance(item, StreamObject):
                    self._scan_stream(item)
            elif isinstance(item, ArrayObject):
                # Numbers and strings cannot carry an action: only what can is visited (keeps /Widths cheap).
                stack.extend(child for child in item if isinstance(child, _CONTAINERS))

    @staticmethod
    def _check_dictionary(item) -> None:
        from pypdf.generic import DictionaryObject

        # An OpenAction that is an action dictionary (not a plain destination array) runs on opening.
        opener = item.get("/OpenAction")
        if opener is not None and isinstance(opener.get_object(), DictionaryObject):
            raise _active_refusal()

    def _scan_stream(self, stream) -> None:
        subtype = str(stream.get("/Subtype", ""))
        if subtype in _BINARY_SUBTYPES or any(key in stream for key in _BINARY_KEYS):
            return
        try:
            data = stream.get_data()
        except Exception:  # pypdf raises many kinds (and LimitReachedError) for a broken or bomb stream
            raise refuse(_("The PDF file is damaged.")) from None
        if isinstance(data, str):
            data = data.encode("latin-1", errors="replace")
        self.scanned += len(data)
        if self.scanned > _MAX_STREAM_SCAN:
            raise refuse(_("The PDF file is too complex."))
        stream.decoded_self = None  # pypdf caches the decoded data on the object: free it now
        if _names_in(data) & ACTIVE_PDF_NAMES:
            raise _active_refusal()


def check_pdf(content: bytes) -> None:
    """Refuse a PDF that is damaged, encrypted, empty or carries active content (anywhere, however encoded)."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject

    # The undecoded bytes first: catches names in objects pypdf may not reach (broken xref, orphans).
    if _names_in(_STREAM_BODY.sub(b"stream endstream", content)) & ACTIVE_PDF_NAMES:
        raise _active_refusal()
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise refuse(_("Encrypted PDF files are not accepted."))
        if len(reader.pages) == 0:
            raise refuse(_("The PDF has no pages."))
        walker = _PdfWalker()
        walker.walk(reader.trailer)
        # Every object the cross-reference knows, including those packed in object streams.
        for generation, entries in reader.xref.items():
            for idnum in entries:
                walker.walk(IndirectObject(idnum, generation, reader))
        for idnum in reader.xref_objStm:
            walker.walk(IndirectObject(idnum, 0, reader))
    except UploadRefused:
        raise
    except Exception:  # pypdf raises many kinds for malformed input; the file is refused, never a 500
        raise refuse(_("The PDF file is damaged.")) from None


# --- Images ----------------------------------------------------------------------------------------


def _check_image(content: bytes) -> None:
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        with Image.open(io.BytesIO(content)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise refuse(_("The image is too large."))
            image.load()
    except UploadRefused:
        raise
    except Exception:  # Pillow raises many types for corrupt input
        raise refuse(_("The image file is damaged.")) from None


# --- Size limits while streaming -------------------------------------------------------------------


class UploadTooLarge(Exception):  # noqa: N818 - mirrors Django's RequestDataTooBig
    """Raised by LimitedUploadHandler; UploadLimitMiddleware answers it with 413."""

    def __init__(self, field: str, limit: int) -> None:
        super().__init__(field)
        self.field = field
        self.limit = limit


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of every uploaded file while Django streams the body and stops at the limit.

    It sits first in FILE_UPLOAD_HANDLERS, so it sees each chunk before the memory/temporary-file
    handlers store it. A body whose declared length is already above the request limit is refused before
    a single chunk is read.
    """

    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.file_bytes = 0
        self.total_bytes = 0

    def _limits(self) -> tuple[int, int]:
        """(per file, whole body): a view may raise the per-file limit with @upload_limit (sheet imports)."""
        per_file = getattr(self.request, "upload_max_bytes", None) or max_upload_bytes()
        return per_file, max(max_request_bytes(), per_file + 1024 * 1024)

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803
        _, whole = self._limits()
        if content_length and content_length > whole:
            raise UploadTooLarge("", whole)
        return None

    def new_file(self, field_name, *args, **kwargs) -> None:
        super().new_file(field_name, *args, **kwargs)
        self.file_bytes = 0

    def receive_data_chunk(self, raw_data, start):
        self.file_bytes += len(raw_data)
        self.total_bytes += len(raw_data)
        per_file, whole = self._limits()
        if self.file_bytes > per_file:
            raise UploadTooLarge(self.field_name or "", per_file)
        if self.total_bytes > whole:
            raise UploadTooLarge(self.field_name or "", whole)
        return raw_data

    def file_complete(self, file_size):
        return None


def upload_limit(setting: str, default: int):
    """Mark a view whose uploads may be larger than PAMONG_UPLOAD_MAX_BYTES (the setting names the limit)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            return view(*args, **kwargs)

        wrapper.upload_limit_setting = (setting, default)
        return wrapper

    return decorate


def upload_too_large_response(request: HttpRequest, exc: UploadTooLarge) -> HttpResponse:
    """413 with the limit in words: the API's JSON envelope, a toast for htmx, a page otherwise."""
    message = too_large_message(exc.limit)
    if request.path.startswith("/api/"):
        extra = {"fields": {exc.field: [message]}} if exc.field else {}
        return JsonResponse({"code": UPLOAD_TOO_LARGE, "message": message, "extra": extra}, status=413)
    body = render_to_string("errors/upload_too_large.html", {"message": message}, request=request)
    response = HttpResponse(body, status=413)
    if request.headers.get("HX-Request") == "true":
        response["HX-Trigger"] = json.dumps({"notice": {"level": "error", "text": message}})
    return response


class UploadLimitMiddleware:
    """Parses a multipart body up front so an oversize upload becomes a clear 413, never a 500.

    Placed before CsrfViewMiddleware (which would otherwise be the first to touch request.POST): nothing
    is changed by a refused request, so answering it before the CSRF check is safe.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in {"POST", "PUT", "PATCH"} and request.content_type == "multipart/form-data":
            try:
                view = resolve(request.path_info).func
            except Resolver404:
                view = None
            spec = getattr(view, "upload_limit_setting", None)
            request.upload_max_bytes = int(getattr(settings, spec[0], spec[1])) if spec else None
            try:
                request.POST  # noqa: B018 - parse now, with the limiting handler
            except UploadTooLarge as exc:
                request._mark_post_parse_error()
                return upload_too_large_response(request, exc)
        return self.get_response(request)
