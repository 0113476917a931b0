"""The plain-text checks every forum write shares: trimmed, not empty, within its limit, no control characters."""

from django.utils.translation import gettext as _

from pamong.core.text import text_problem

from .. import errors
from ..errors import ForumError


def clean_text(value: str | None, *, field: str, max_length: int, multiline: bool = True,
               required: bool = True) -> str:
    """Return *value* trimmed; raise ForumError (forum.text_invalid, naming *field*) if it is empty when
    *required*, longer than *max_length*, or carries invisible or control characters (pamong.core.text)."""
    text = (value or "").strip()
    problem = None
    if required and not text:
        problem = _("This field is required.")
    elif len(text) > max_length:
        problem = _("Write at most %(max)d characters (now %(length)d).") % {"max": max_length, "length": len(text)}
    else:
        problem = text_problem(text, multiline=multiline)
    if problem:
        raise ForumError(problem, code=errors.TEXT_INVALID, extra={"fields": {field: [problem]}})
    return text
