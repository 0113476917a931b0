import uuid

from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

# (field, language) → {value: label}: get_FOO_display() without rebuilding and re-translating the choices.
_LABELS: dict[tuple[int, str | None], dict] = {}


def choice_labels(field: models.Field) -> dict:
    """The labels of *field*'s choices in the active language, by value (built once per field and language)."""
    key = (id(field), get_language())
    labels = _LABELS.get(key)
    if labels is None:
        labels = {make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices}
        _LABELS[key] = labels
    return labels


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):  # noqa: N802 (Django's name)
        """Django's get_FOO_display(), the same answer, without rebuilding the choices on every call: it hashed
        and translated every label of the field each time (a list page spent milliseconds there, issue #10)."""
        value = getattr(self, field.attname)
        return choice_labels(field).get(make_hashable(value), value)


class PublicIdModel(TimeStampedModel):
    """A model addressed from outside by a random UUID.

    The integer primary key never leaves the database layer: URLs and API
    payloads carry ``public_id``.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
