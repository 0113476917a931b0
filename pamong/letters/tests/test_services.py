"""Numbering: sequence per scheme and year, never reused, one letter per document, defaults, schemes, revocation."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.letters import errors
from pamong.letters.errors import LettersError
from pamong.letters.models import IssuedLetter, LetterCounter, LetterKind, LetterScheme
from pamong.letters.services import (
    DEFAULT_PATTERNS,
    letter_issue,
    letter_scheme_create,
    letter_scheme_update,
    letters_revoke_for,
)
from pamong.people.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _issue(world, target, *, on, kind=LetterKind.GENERIC):
    return letter_issue(actor=world.hr_admin.user, pemda=world.pemda, kind=kind, target=target,
                        subject="Surat Keterangan", issuer_label="BKPSDM", on=on)


@pytest.fixture
def scheme(world):
    return letter_scheme_create(actor=world.hr_admin.user, pemda=world.pemda, kind=LetterKind.GENERIC,
                                pattern="800/{seq:03}/{year}", issuer="BKPSDM")


def test_numbers_run_per_year_and_restart_in_january(world, scheme):
    others = [EmployeeFactory(pemda=world.pemda) for _ in range(4)]

    first = _issue(world, others[0], on=date(2026, 3, 1))
    second = _issue(world, others[1], on=date(2026, 12, 31))
    next_year = _issue(world, others[2], on=date(2027, 1, 2))
    third = _issue(world, others[3], on=date(2026, 12, 31))  # a 2026 letter dated late still counts in 2026

    assert [first.number, second.number, third.number] == ["800/001/2026", "800/002/2026", "800/003/2026"]
    assert next_year.number == "800/001/2027"
    assert LetterCounter.objects.get(scheme=scheme, year=2026).last == 3
    assert LetterCounter.objects.get(scheme=scheme, year=2027).last == 1
    # each issue is in the audit trail with its number
    numbers = [e.changes["number"][1] for e in AuditEvent.objects.filter(action="letters.letter_issued")]
    assert sorted(numbers) == ["800/001/2026", "800/001/2027", "800/002/2026", "800/003/2026"]


def test_the_same_document_keeps_its_letter_and_number(world, scheme):
    first = _issue(world, world.employee, on=date(2026, 3, 1))
    again = _issue(world, world.employee, on=date(2026, 4, 1))

    assert again.pk == first.pk
    assert again.number == "800/001/2026"
    assert again.verification_token == first.verification_token
    assert IssuedLetter.objects.count() == 1
    assert LetterCounter.objects.get(scheme=scheme, year=2026).last == 1
    assert AuditEvent.objects.filter(action="letters.letter_issued").count() == 1


def test_a_number_is_never_given_twice_even_when_the_pattern_changes_back(world, scheme):
    a, b, c = (EmployeeFactory(pemda=world.pemda) for _ in range(3))
    _issue(world, a, on=date(2026, 3, 1))                                   # 800/001/2026
    letter_scheme_update(actor=world.hr_admin.user, scheme=scheme, pattern="900/{seq:03}/{year}", issuer="BKPSDM")
    _issue(world, b, on=date(2026, 3, 2))                                   # 900/002/2026
    # HR deactivates the scheme and starts a new one with the old pattern: its counter starts at 0 …
    letter_scheme_update(actor=world.hr_admin.user, scheme=scheme, pattern="900/{seq:03}/{year}", active=False)
    letter_scheme_create(actor=world.hr_admin.user, pemda=world.pemda, kind=LetterKind.GENERIC,
                         pattern="800/{seq:03}/{year}")
    # … yet the next letter does not get 800/001/2026 again
    third = _issue(world, c, on=date(2026, 3, 3))

    numbers = list(IssuedLetter.objects.order_by("pk").values_list("number", flat=True))
    assert numbers == ["800/001/2026", "900/002/2026", "800/002/2026"]
    assert third.number == "800/002/2026"
    assert len(set(numbers)) == 3


def test_without_a_scheme_letters_are_numbered_with_the_default_pattern(world):
    letter = _issue(world, world.employee, on=date(2026, 5, 20), kind=LetterKind.LEAVE_PERMIT)

    assert letter.number == "800.1.11.4/001/V/2026"
    scheme = LetterScheme.objects.get(pemda=world.pemda, kind=LetterKind.LEAVE_PERMIT)
    assert scheme.active
    assert scheme.pattern == DEFAULT_PATTERNS[LetterKind.LEAVE_PERMIT]


def test_agencies_number_independently(world, other_pemda_admin):
    ours = _issue(world, world.employee, on=date(2026, 5, 20))
    theirs = letter_issue(actor=other_pemda_admin.user, pemda=other_pemda_admin.pemda, kind=LetterKind.GENERIC,
                          target=other_pemda_admin, subject="Surat", issuer_label="BKD", on=date(2026, 5, 20))

    assert ours.seq == theirs.seq == 1
    assert ours.scheme.pemda_id != theirs.scheme.pemda_id


def test_scheme_creation_is_audited_and_one_active_per_kind(world, scheme):
    event = AuditEvent.objects.get(action="letters.scheme_created")
    assert event.changes["pattern"] == [None, "800/{seq:03}/{year}"]
    assert event.pemda_id == world.pemda.pk

    with pytest.raises(LettersError) as refused:
        letter_scheme_create(actor=world.hr_admin.user, pemda=world.pemda, kind=LetterKind.GENERIC,
                             pattern="900/{seq}/{year}")
    assert refused.value.code == errors.DUPLICATE_SCHEME
    assert LetterScheme.objects.filter(pemda=world.pemda, kind=LetterKind.GENERIC).count() == 1


def test_an_invalid_pattern_is_refused_with_a_field_error(world, scheme):
    with pytest.raises(LettersError) as refused:
        letter_scheme_update(actor=world.hr_admin.user, scheme=scheme, pattern="800/{year}")
    assert refused.value.code == errors.INVALID_PATTERN
    assert "pattern" in refused.value.field_errors
    scheme.refresh_from_db()
    assert scheme.pattern == "800/{seq:03}/{year}"
    assert not AuditEvent.objects.filter(action="letters.scheme_updated").exists()


def test_pattern_change_is_audited_with_old_and_new(world, scheme):
    letter_scheme_update(actor=world.hr_admin.user, scheme=scheme, pattern="800/{seq:04}/{year}", issuer="BKPSDM")

    event = AuditEvent.objects.get(action="letters.scheme_updated")
    assert event.changes == {"pattern": ["800/{seq:03}/{year}", "800/{seq:04}/{year}"]}


@pytest.mark.parametrize("persona", ["employee", "supervisor", "executive", "auditor", "other_pemda_admin",
                                     "superadmin"])
def test_only_the_agencys_hr_configures_numbering(world, scheme, persona):
    actor = getattr(world, persona)
    user = getattr(actor, "user", actor)

    with pytest.raises(PermissionDenied):
        letter_scheme_update(actor=user, scheme=scheme, pattern="999/{seq}/{year}")
    with pytest.raises(PermissionDenied):
        letter_scheme_create(actor=user, pemda=world.pemda, kind=LetterKind.SKP, pattern="999/{seq}/{year}")
    scheme.refresh_from_db()
    assert scheme.pattern == "800/{seq:03}/{year}"
    assert not LetterScheme.objects.filter(kind=LetterKind.SKP).exists()


def test_revoking_marks_the_documents_letters_and_is_audited(world, scheme):
    letter = _issue(world, world.employee, on=date(2026, 3, 1))

    assert letters_revoke_for(actor=world.hr_admin.user, target=world.employee, reason="dicabut") == 1
    assert letters_revoke_for(actor=world.hr_admin.user, target=world.employee) == 0  # already revoked

    letter.refresh_from_db()
    assert letter.revoked_at is not None
    assert AuditEvent.objects.filter(action="letters.letter_revoked").count() == 1


def test_the_audit_trail_names_the_letters_events():
    from django.utils import translation

    from pamong.audit.presentation import field_label
    from pamong.audit.registry import action_label

    with translation.override("en"):
        assert action_label("letters.letter_issued") == "Letter numbered and issued"
        assert action_label("letters.scheme_updated") == "Letter numbering scheme changed"
        assert field_label("letters.issuedletter", "document") == "Document"
        assert field_label("letters.letterscheme", "pattern") == "Numbering pattern"
