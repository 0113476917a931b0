"""Reads of the letters context."""

from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse

from .models import IssuedLetter, LetterScheme
from .patterns import render_number
from .permissions import can_manage_letter_schemes, can_view_letter_register


def schemes_visible_to(actor) -> QuerySet[LetterScheme]:
    if not can_manage_letter_schemes(actor, getattr(actor, "pemda_id", None)):
        return LetterScheme.objects.none()
    return LetterScheme.objects.filter(pemda_id=actor.pemda_id)


def letters_visible_to(actor) -> QuerySet[IssuedLetter]:
    if not can_view_letter_register(actor, getattr(actor, "pemda_id", None)):
        return IssuedLetter.objects.none()
    return IssuedLetter.objects.filter(pemda_id=actor.pemda_id).select_related("scheme")


def next_number_preview(scheme_pattern: str, *, scheme: LetterScheme | None, on: date) -> str:
    """The number the next letter would get today under *scheme_pattern* (nothing is reserved)."""
    last = 0
    if scheme is not None:
        counter = scheme.counters.filter(year=on.year).first()
        last = counter.last if counter else 0
    return render_number(scheme_pattern, seq=last + 1, on=on)


def letter_by_token(token: str) -> IssuedLetter | None:
    return IssuedLetter.objects.select_related("pemda").filter(verification_token=token).first()


def letter_for(target, kind: str) -> IssuedLetter | None:
    return IssuedLetter.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk),
                                       kind=kind).first()


def verification_url(letter: IssuedLetter, *, request=None) -> str:
    """The absolute address of the letter's public verification page (PAMONG_SITE_URL, else the request's host)."""
    path = reverse("letters:verify", args=[letter.verification_token])
    base = (getattr(settings, "PAMONG_SITE_URL", "") or "").rstrip("/")
    if base:
        return base + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path
