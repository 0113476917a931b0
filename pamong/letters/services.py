"""Writes of the letters context: numbering schemes (HR) and issuing/revoking numbered letters (the documents).

A number is assigned once per document, in the transaction that issues it:
the scheme's counter row for the year is locked (SELECT … FOR UPDATE on
PostgreSQL, the database write lock on SQLite) and moved on by one, so two
letters issued at once never get the same number, and a number once given is
never given again (a gap is possible, a repeat is not).
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.core.text import text_problem

from . import errors
from .audit import LettersAudit
from .errors import LettersError
from .models import IssuedLetter, LetterCounter, LetterKind, LetterScheme
from .patterns import pattern_problem, render_number
from .permissions import can_manage_letter_schemes

# Used when an agency has not configured a kind yet (Permendagri 83/2022 classification codes: 800.1.11.4 cuti,
# 800.1.13 penilaian kinerja). HR replaces them on the numbering page.
DEFAULT_PATTERNS = {
    LetterKind.LEAVE_PERMIT: "800.1.11.4/{seq:03}/{month_roman}/{year}",
    LetterKind.SKP: "800.1.13/{seq:03}/SKP/{year}",
    LetterKind.EVALUATION: "800.1.13/{seq:03}/EKP/{year}",
    # Permendagri 83/2022 classification 800.1.6.x, kepegawaian — pembinaan disiplin [U: check the agency's code];
    # the agency sets its own numbering on the letters page.
    LetterKind.DISCIPLINE_SUMMONS: "800.1.6.4/{seq:03}/PGL/{year}",
    LetterKind.DISCIPLINE_BAP: "800.1.6.4/{seq:03}/BAP/{year}",
    LetterKind.DISCIPLINE_DECISION: "800.1.6.4/{seq:03}/HD/{year}",
    # Permendagri 83/2022 classification 800.1.x, kepegawaian — mutasi, kepangkatan, gaji [U: check the agency's
    # code]; the agency sets its own numbering on the letters page.
    LetterKind.MUTATION_DECREE: "800.1.3.3/{seq:03}/SK-MUT/{year}",
    LetterKind.PROMOTION_DECREE: "800.1.3.2/{seq:03}/SK-KP/{year}",
    LetterKind.PERIODIC_RAISE: "800.1.4.3/{seq:03}/KGB/{year}",
    LetterKind.GENERIC: "000/{seq:03}/{month_roman}/{year}",
}


def target_ref(target) -> tuple[str, str]:
    return target._meta.label_lower, str(target.pk)


def _clean_pattern(pattern: str) -> str:
    pattern = (pattern or "").strip()
    problem = pattern_problem(pattern)
    if problem:
        raise LettersError(problem, code=errors.INVALID_PATTERN, extra={"fields": {"pattern": [problem]}})
    return pattern


def _clean_label(value: str, field: str) -> str:
    value = (value or "").strip()
    if message := text_problem(value, multiline=False):
        raise LettersError(message, code="letters.invalid_text", extra={"fields": {field: [message]}})
    if len(value) > 120:
        message = _("At most %(n)d characters.") % {"n": 120}
        raise LettersError(message, code="letters.invalid_text", extra={"fields": {field: [message]}})
    return value


def active_scheme(pemda, kind: str) -> LetterScheme:
    """The agency's active scheme for *kind*; a default one is created (and then kept) when there is none."""
    scheme = LetterScheme.objects.filter(pemda=pemda, kind=kind, active=True).first()
    if scheme is not None:
        return scheme
    try:
        with transaction.atomic():
            return LetterScheme.objects.create(pemda=pemda, kind=kind, pattern=DEFAULT_PATTERNS[LetterKind(kind)])
    except IntegrityError:  # created at the same moment by another issue
        return LetterScheme.objects.get(pemda=pemda, kind=kind, active=True)


@transaction.atomic
def letter_scheme_create(*, actor, pemda, kind: str, pattern: str, issuer: str = "", name: str = "") -> LetterScheme:
    """HR sets up the numbering of one kind of letter. One active scheme per kind: edit it rather than add one."""
    if not can_manage_letter_schemes(actor, pemda.pk):
        raise PermissionDenied
    if kind not in LetterKind.values:
        raise LettersError(_("Choose the kind of letter."), code="letters.invalid_kind",
                           extra={"fields": {"kind": [_("Choose the kind of letter.")]}})
    pattern = _clean_pattern(pattern)
    issuer, name = _clean_label(issuer, "issuer"), _clean_label(name, "name")
    if LetterScheme.objects.filter(pemda=pemda, kind=kind, active=True).exists():
        message = _("This kind of letter already has an active numbering scheme; change that one instead.")
        raise LettersError(message, code=errors.DUPLICATE_SCHEME, http_status=409,
                           extra={"fields": {"kind": [message]}})
    scheme = LetterScheme.objects.create(pemda=pemda, kind=kind, pattern=pattern, issuer=issuer, name=name)
    audit_record(actor=actor, action=LettersAudit.SCHEME_CREATED, target=scheme, pemda_id=pemda.pk,
                 changes={"kind": [None, kind], "pattern": [None, pattern], "issuer": [None, issuer]})
    return scheme


@transaction.atomic
def letter_scheme_update(*, actor, scheme: LetterScheme, pattern: str, issuer: str = "", name: str = "",
                         active: bool = True) -> LetterScheme:
    """HR changes a scheme's pattern or signing office; its counters go on (numbers already given stay)."""
    if not can_manage_letter_schemes(actor, scheme.pemda_id):
        raise PermissionDenied
    pattern = _clean_pattern(pattern)
    issuer, name = _clean_label(issuer, "issuer"), _clean_label(name, "name")
    locked = LetterScheme.objects.select_for_update().get(pk=scheme.pk)
    if active and not locked.active and LetterScheme.objects.filter(
            pemda_id=locked.pemda_id, kind=locked.kind, active=True).exclude(pk=locked.pk).exists():
        message = _("This kind of letter already has an active numbering scheme; deactivate it first.")
        raise LettersError(message, code=errors.DUPLICATE_SCHEME, http_status=409,
                           extra={"fields": {"active": [message]}})
    changes = {field: [getattr(locked, field), value]
               for field, value in (("pattern", pattern), ("issuer", issuer), ("name", name), ("active", active))
               if getattr(locked, field) != value}
    if changes:
        for field, (_old, value) in changes.items():
            setattr(locked, field, value)
        locked.save(update_fields=[*changes, "updated_at"])
        audit_record(actor=actor, action=LettersAudit.SCHEME_UPDATED, target=locked, pemda_id=locked.pemda_id,
                     changes=changes)
    return locked


def _next_seq(scheme: LetterScheme, year: int) -> int:
    LetterCounter.objects.get_or_create(scheme=scheme, year=year)
    counter = LetterCounter.objects.select_for_update().get(scheme=scheme, year=year)
    LetterCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    counter.refresh_from_db(fields=["last"])
    return counter.last


@transaction.atomic
def letter_issue(*, actor, pemda, kind: str, target, subject: str, issuer_label: str,
                 on: date | None = None) -> IssuedLetter:
    """The numbered letter of document *target*: issued now with the next number, or the one issued before.

    The caller decided that *actor* may have the document (it fetched *target*
    through the actor's scope). *on* is the letter date (the decision day).
    """
    target_type, target_id = target_ref(target)
    existing = IssuedLetter.objects.filter(target_type=target_type, target_id=target_id, kind=kind).first()
    if existing is not None:
        return existing
    scheme = active_scheme(pemda, kind)
    now = timezone.now()
    on = on or timezone.localdate()
    issuer = f"{scheme.issuer}, {issuer_label}" if scheme.issuer and issuer_label else (scheme.issuer or issuer_label)
    while True:
        seq = _next_seq(scheme, on.year)
        number = render_number(scheme.pattern, seq=seq, on=on)
        # A pattern changed back, or a new scheme with an old pattern, must not repeat a number already given.
        if not IssuedLetter.objects.filter(pemda=pemda, number=number).exists():
            break
    try:
        with transaction.atomic():
            letter = IssuedLetter.objects.create(
                pemda=pemda, scheme=scheme, kind=kind, number=number, year=on.year, seq=seq, issued_at=now,
                issued_on=on, subject=subject[:200], issuer_label=issuer[:300], target_type=target_type,
                target_id=target_id,
            )
    except IntegrityError:
        # The same document issued at the same moment by another request: that letter stands, this number is
        # left unused (never given to another letter).
        return IssuedLetter.objects.get(target_type=target_type, target_id=target_id, kind=kind)
    audit_record(actor=actor, action=LettersAudit.LETTER_ISSUED, target=letter, pemda_id=pemda.pk,
                 changes={"number": [None, number], "subject": [None, letter.subject],
                          "document": [None, f"{target_type}:{target_id}"]})
    return letter


@transaction.atomic
def letters_revoke_for(*, actor, target, reason: str = "") -> int:
    """Mark every letter issued for document *target* revoked (the leave was revoked); returns how many."""
    target_type, target_id = target_ref(target)
    now = timezone.now()
    count = 0
    for letter in IssuedLetter.objects.select_for_update().filter(target_type=target_type, target_id=target_id,
                                                                   revoked_at__isnull=True):
        letter.revoked_at = now
        letter.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=actor, action=LettersAudit.LETTER_REVOKED, target=letter, pemda_id=letter.pemda_id,
                     changes={"revoked_at": [None, now.isoformat()], "reason": [None, reason]})
        count += 1
    return count
