"""Development services: mentoring and coaching (issue #11).

HR of the agency, or a unit head for an employee of their unit subtree, pairs a mentor with a mentee: the mentor is
senior (a higher job class or a higher golongan of the same kind) and, when the pair is about one competency, holds
it at the level the mentee's position requires (agency practice [U]: level 3 when the position has no standard for
it). The mentor or the mentee records each session; the other party confirms it — nobody confirms for the other.
When both have confirmed, the session's minutes count toward the mentee's JP: exactly one verified ledger entry
(rules.jp_for, counted in the year the session was held), written in the same transaction as the confirmation.
"""

from datetime import date
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.approvals.services import notice_language, notify_user, person_name
from pamong.audit.registry import register_action_labels
from pamong.audit.services import audit_record
from pamong.people.models import Employee, path_within
from pamong.people.selectors import actor_employee

from .. import rules
from ..audit import DevelopmentAudit
from ..choices import ActivityForm, GuidanceKind, LearningSource, PairStatus
from ..errors import SELF_DECISION, DevelopmentError, field_error
from ..models import Competency, CompetencyStandard, CurrentCompetency, LearningRecord, MentoringPair, MentoringSession
from ..permissions import can_manage

# Agency practice [U — issue #11]: without a standard for the competency in the mentee's position, a mentor
# holds it at level 3 at least.
DEFAULT_MENTOR_LEVEL = 3
# Agency practice [U — issue #11]: a session lasts from 15 minutes to a working day (8 hours).
SESSION_MINUTES_MIN, SESSION_MINUTES_MAX = 15, 480

# Refusal codes of this slice.
MENTOR_IS_MENTEE = "development.mentor_is_mentee"
MENTOR_NOT_SENIOR = "development.mentor_not_senior"
MENTOR_LEVEL_TOO_LOW = "development.mentor_level_too_low"
PAIR_EXISTS = "development.pair_exists"
PAIR_NOT_ACTIVE = "development.pair_not_active"
EMPLOYEE_INACTIVE = "development.employee_inactive"
OTHER_PEMDA = "development.other_pemda"
INVALID_KIND = "development.invalid_kind"
INVALID_GOAL = "development.invalid_goal"
INVALID_DATE = "development.invalid_date"
INVALID_MINUTES = "development.invalid_minutes"
INVALID_TOPIC = "development.invalid_topic"
SESSION_LOCKED = "development.session_locked"
ALREADY_CONFIRMED = "development.already_confirmed"

FORM_OF_KIND = {GuidanceKind.MENTORING: ActivityForm.MENTORING, GuidanceKind.COACHING: ActivityForm.COACHING}


class MentoringAudit(StrEnum):
    PAIR_CREATED = "development.mentoring_pair_created"
    PAIR_ENDED = "development.mentoring_pair_ended"
    SESSION_RECORDED = "development.mentoring_session_recorded"
    SESSION_CHANGED = "development.mentoring_session_changed"
    SESSION_CONFIRMED = "development.mentoring_session_confirmed"


register_action_labels(
    {
        MentoringAudit.PAIR_CREATED: gettext_lazy("Mentor paired with a mentee"),
        MentoringAudit.PAIR_ENDED: gettext_lazy("Mentoring pair ended"),
        MentoringAudit.SESSION_RECORDED: gettext_lazy("Mentoring session recorded"),
        MentoringAudit.SESSION_CHANGED: gettext_lazy("Mentoring session changed"),
        MentoringAudit.SESSION_CONFIRMED: gettext_lazy("Mentoring session confirmed"),
    }
)


# --- Who may pair, and the rules of a pair -----------------------------------------------------------------------


def heads_unit_of(actor, employee: Employee) -> bool:
    """Whether *actor* holds the head position of a unit whose subtree *employee* works in."""
    me = actor_employee(actor)
    if me is None or me.current_position is None or not me.current_position.is_unit_head:
        return False
    unit = me.current_unit
    if unit is None or employee.current_unit_id is None or employee.pemda_id != me.pemda_id:
        return False
    return Employee.objects.filter(pk=employee.pk).filter(path_within("current_unit__path", unit.path)).exists()


def can_pair(actor, mentee: Employee) -> bool:
    """Who pairs a mentor with *mentee*: HR of the agency, or a unit head above the mentee's unit; never the
    mentee themself."""
    me = actor_employee(actor)
    if me is not None and me.pk == mentee.pk:
        return False
    return can_manage(actor, mentee.pemda_id) or heads_unit_of(actor, mentee)


def can_end_pair(actor, pair: MentoringPair) -> bool:
    """Who ends a pair: those who may pair the mentee, or either party."""
    me = actor_employee(actor)
    if me is not None and me.pk in (pair.mentor_id, pair.mentee_id):
        return True
    return can_manage(actor, pair.pemda_id) or heads_unit_of(actor, pair.mentee)


def party_of(actor, pair: MentoringPair) -> str | None:
    """"mentor", "mentee", or None when *actor* is neither party of *pair*."""
    me = actor_employee(actor)
    if me is None:
        return None
    if me.pk == pair.mentor_id:
        return "mentor"
    if me.pk == pair.mentee_id:
        return "mentee"
    return None


def seniority_q(mentee: Employee) -> Q | None:
    """Q for the employees senior to *mentee*: a higher job class (kelas jabatan), or a higher golongan of the same
    kind (PNS with PNS, PPPK with PPPK). None when the mentee has neither to compare with."""
    scope = None
    position = mentee.current_position
    if position is not None and position.class_level is not None:
        scope = Q(current_position__class_level__gt=position.class_level)
    golongan = mentee.current_golongan
    if golongan is not None:
        by_rank = Q(current_golongan__kind=golongan.kind, current_golongan__rank__gt=golongan.rank)
        scope = by_rank if scope is None else scope | by_rank
    return scope


def is_senior(mentor: Employee, mentee: Employee) -> bool:
    scope = seniority_q(mentee)
    return scope is not None and Employee.objects.filter(pk=mentor.pk).filter(scope).exists()


def needed_level(mentee: Employee, competency: Competency) -> int:
    """The level a mentor must hold: the mentee's required level of *competency*, else DEFAULT_MENTOR_LEVEL."""
    required = None
    if mentee.current_position_id is not None:
        required = (CompetencyStandard.objects.filter(position_id=mentee.current_position_id, competency=competency)
                    .values_list("required_level", flat=True).first())
    return required or DEFAULT_MENTOR_LEVEL


def valid_level(employee: Employee, competency: Competency, today: date | None = None) -> int | None:
    """The employee's current level of *competency* (None when never assessed or the assessment has expired)."""
    today = today or timezone.localdate()
    return (CurrentCompetency.objects.filter(employee=employee, competency=competency)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
            .values_list("level", flat=True).first())


def _check_people(mentor: Employee, mentee: Employee) -> None:
    if mentor.pk == mentee.pk:
        raise field_error("mentor", _("The mentor and the mentee must be two different people."), MENTOR_IS_MENTEE)
    if mentor.pemda_id != mentee.pemda_id:
        raise field_error("mentor", _("The mentor must work in the same regional government as the mentee."),
                          OTHER_PEMDA)
    for field, person in (("mentor", mentor), ("mentee", mentee)):
        if not person.is_active:
            raise field_error(field, _("%(name)s is no longer active.") % {"name": person.full_name},
                              EMPLOYEE_INACTIVE)
    if not is_senior(mentor, mentee):
        raise field_error(
            "mentor",
            _("%(mentor)s is not senior to %(mentee)s: a mentor holds a higher job class (kelas jabatan) or a "
              "higher golongan than the mentee.") % {"mentor": mentor.full_name, "mentee": mentee.full_name},
            MENTOR_NOT_SENIOR)


def _check_competency(mentor: Employee, mentee: Employee, competency: Competency) -> None:
    if competency.pemda_id != mentee.pemda_id or not competency.is_active:
        raise field_error("competency", _("Choose an active competency of the agency's dictionary."),
                          "development.invalid_competency")
    needed = needed_level(mentee, competency)
    held = valid_level(mentor, competency)
    if held is None or held < needed:
        raise field_error(
            "mentor",
            _("%(mentor)s holds %(competency)s at level %(held)s; a mentor needs level %(needed)d or higher.")
            % {"mentor": mentor.full_name, "competency": competency.name, "held": held or "–", "needed": needed},
            MENTOR_LEVEL_TOO_LOW)


def _url(name: str, public_id) -> str:
    """The link of a notice (empty when the HTML pages are not mounted)."""
    try:
        return reverse(name, args=[public_id])
    except NoReverseMatch:
        return ""


def _pair_url(pair: MentoringPair) -> str:
    return _url("development:mentoring-pair", pair.public_id)


def _locked_pair(pair: MentoringPair) -> MentoringPair:
    return (MentoringPair.objects.select_for_update(of=("self",)).select_related("mentor__user", "mentee__user", "competency")
            .get(pk=pair.pk))


# --- Pairs -------------------------------------------------------------------------------------------------------


@transaction.atomic
def pair_create(*, actor, mentor: Employee, mentee: Employee, kind: str = GuidanceKind.MENTORING, goal: str,
                competency: Competency | None = None, started_on: date | None = None) -> MentoringPair:
    """Pair *mentor* with *mentee*, optionally about one *competency*.

    Raises PermissionDenied unless *actor* is HR of the mentee's agency or heads a unit above the mentee (and is
    not the mentee); DevelopmentError for the same person twice, another Pemda, an inactive person, a mentor who
    is not senior, a mentor below the level needed, a bad kind/goal/start, or an active pair for the same mentor,
    mentee and competency (409).
    """
    if not can_pair(actor, mentee):
        if is_self_employee(actor, mentee):
            raise DevelopmentError(_("Nobody chooses their own mentor; HR or the head of the unit does."),
                                   code=SELF_DECISION, http_status=403)
        raise PermissionDenied
    if kind not in GuidanceKind.values:
        raise field_error("kind", _("Choose mentoring or coaching."), INVALID_KIND)
    goal = (goal or "").strip()
    if not goal:
        raise field_error("goal", _("Write the goal of the mentoring."), INVALID_GOAL)
    today = timezone.localdate()
    started_on = started_on or today
    if started_on > today:
        raise field_error("started_on", _("The start cannot be in the future."), INVALID_DATE)
    # Lock the mentee: two pairings of the same people at once would pass the check below together (the database
    # constraint does not see pairs without a competency, NULL being distinct).
    Employee.objects.select_for_update().filter(pk=mentee.pk).exists()
    _check_people(mentor, mentee)
    if competency is not None:
        _check_competency(mentor, mentee, competency)
    if MentoringPair.objects.filter(mentor=mentor, mentee=mentee, competency=competency,
                                    status=PairStatus.ACTIVE).exists():
        raise DevelopmentError(_("%(mentor)s already mentors %(mentee)s on this.")
                               % {"mentor": mentor.full_name, "mentee": mentee.full_name},
                               code=PAIR_EXISTS, http_status=409)
    try:
        with transaction.atomic():
            pair = MentoringPair.objects.create(
                pemda_id=mentee.pemda_id, kind=kind, mentor=mentor, mentee=mentee, competency=competency,
                goal=goal[:2000], started_on=started_on, created_by=actor)
    except IntegrityError:
        raise DevelopmentError(_("%(mentor)s already mentors %(mentee)s on this.")
                               % {"mentor": mentor.full_name, "mentee": mentee.full_name},
                               code=PAIR_EXISTS, http_status=409) from None
    audit_record(actor=actor, action=MentoringAudit.PAIR_CREATED, target=pair, pemda_id=pair.pemda_id,
                 changes={"mentor": [None, mentor.nip], "mentee": [None, mentee.nip], "kind": [None, kind],
                          "competency": [None, competency.code if competency else None],
                          "started_on": [None, started_on]})
    with notice_language():
        kind_label = str(GuidanceKind(kind).label).lower()
        to_mentor = _("%(actor)s made you the mentor of %(mentee)s (%(kind)s).") % {
            "actor": person_name(actor), "mentee": mentee.full_name, "kind": kind_label}
        to_mentee = _("%(actor)s paired you with %(mentor)s as your mentor (%(kind)s).") % {
            "actor": person_name(actor), "mentor": mentor.full_name, "kind": kind_label}
    url = _pair_url(pair)
    notify_user(user=mentor.user, kind="development.mentoring_pair", pemda_id=pair.pemda_id, text=to_mentor, url=url)
    notify_user(user=mentee.user, kind="development.mentoring_pair", pemda_id=pair.pemda_id, text=to_mentee, url=url)
    return pair


def is_self_employee(actor, employee: Employee) -> bool:
    me = actor_employee(actor)
    return me is not None and me.pk == employee.pk


@transaction.atomic
def pair_end(*, actor, pair: MentoringPair, ended_on: date | None = None) -> MentoringPair:
    """End an active pair (its sessions stay, and those recorded may still be confirmed).

    Raises PermissionDenied unless *actor* may pair the mentee or is one of the two; DevelopmentError
    ``development.pair_not_active`` (409) when already ended, ``development.invalid_date`` for an end before the
    start or in the future.
    """
    if not can_end_pair(actor, pair):
        raise PermissionDenied
    today = timezone.localdate()
    ended_on = ended_on or today
    if ended_on > today or ended_on < pair.started_on:
        raise field_error("ended_on", _("The end must be between the start of the pair and today."), INVALID_DATE)
    updated = MentoringPair.objects.filter(pk=pair.pk, status=PairStatus.ACTIVE).update(
        status=PairStatus.ENDED, ended_on=ended_on, updated_at=timezone.now())
    if not updated:
        raise DevelopmentError(_("This pair has already ended."), code=PAIR_NOT_ACTIVE, http_status=409)
    pair = _locked_pair(pair)
    audit_record(actor=actor, action=MentoringAudit.PAIR_ENDED, target=pair, pemda_id=pair.pemda_id,
                 changes={"status": [PairStatus.ACTIVE, PairStatus.ENDED], "ended_on": [None, ended_on]})
    with notice_language():
        text = _("%(actor)s ended the mentoring of %(mentee)s by %(mentor)s.") % {
            "actor": person_name(actor), "mentee": pair.mentee.full_name, "mentor": pair.mentor.full_name}
    me = actor_employee(actor)
    for person in (pair.mentor, pair.mentee):
        if me is None or person.pk != me.pk:
            notify_user(user=person.user, kind="development.mentoring_pair", pemda_id=pair.pemda_id, text=text,
                        url=_pair_url(pair))
    return pair


# --- Sessions ----------------------------------------------------------------------------------------------------


def _session_fields(pair: MentoringPair, *, held_on: date, minutes: int, topic: str, notes: str,
                    agreed_actions: str) -> dict:
    if not isinstance(held_on, date) or held_on > timezone.localdate():
        raise field_error("held_on", _("Record a session that has taken place (today or earlier)."), INVALID_DATE)
    if held_on < pair.started_on:
        raise field_error("held_on", _("The session is dated before the pair started (%(date)s).")
                          % {"date": pair.started_on.strftime("%d-%m-%Y")}, INVALID_DATE)
    if pair.ended_on is not None and held_on > pair.ended_on:
        raise field_error("held_on", _("The session is dated after the pair ended."), INVALID_DATE)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or \
            not SESSION_MINUTES_MIN <= minutes <= SESSION_MINUTES_MAX:
        raise field_error("minutes", _("A session lasts from %(min)d to %(max)d minutes.")
                          % {"min": SESSION_MINUTES_MIN, "max": SESSION_MINUTES_MAX}, INVALID_MINUTES)
    topic = " ".join((topic or "").split())
    if not topic:
        raise field_error("topic", _("Write the topic of the session."), INVALID_TOPIC)
    return {"held_on": held_on, "minutes": minutes, "topic": topic[:200], "notes": (notes or "").strip()[:4000],
            "agreed_actions": (agreed_actions or "").strip()[:2000]}


def _other(pair: MentoringPair, party: str) -> Employee:
    return pair.mentee if party == "mentor" else pair.mentor


def _notify_other(actor, pair: MentoringPair, party: str, session: MentoringSession, *, changed: bool) -> None:
    with notice_language():
        values = {"name": person_name(actor), "date": session.held_on.strftime("%d-%m-%Y"), "topic": session.topic}
        text = (_("%(name)s changed the session of %(date)s (%(topic)s): please confirm it again.") if changed
                else _("%(name)s recorded a session of %(date)s (%(topic)s): please confirm it.")) % values
    notify_user(user=_other(pair, party).user, kind="development.mentoring_session", pemda_id=pair.pemda_id,
                text=text, url=_pair_url(pair))


@transaction.atomic
def session_record(*, actor, pair: MentoringPair, held_on: date, minutes: int, topic: str, notes: str = "",
                   agreed_actions: str = "") -> MentoringSession:
    """Record a session of an active pair; the recorder (the mentor or the mentee) confirms it at once, the other
    party is asked to confirm.

    Raises PermissionDenied unless *actor* is the mentor or the mentee; DevelopmentError
    ``development.pair_not_active`` (409) for an ended pair, field errors for a date in the future or before the
    start, minutes outside 15–480, no topic.
    """
    party = party_of(actor, pair)
    if party is None:
        raise PermissionDenied
    pair = _locked_pair(pair)
    if pair.status != PairStatus.ACTIVE:
        raise DevelopmentError(_("This pair has ended: no more sessions can be recorded."), code=PAIR_NOT_ACTIVE,
                               http_status=409)
    fields = _session_fields(pair, held_on=held_on, minutes=minutes, topic=topic, notes=notes,
                             agreed_actions=agreed_actions)
    now = timezone.now()
    session = MentoringSession.objects.create(
        pair=pair, recorded_by=actor_employee(actor), **fields,
        mentor_confirmed_at=now if party == "mentor" else None,
        mentee_confirmed_at=now if party == "mentee" else None)
    audit_record(actor=actor, action=MentoringAudit.SESSION_RECORDED, target=pair, pemda_id=pair.pemda_id,
                 changes={"session": [None, str(session.public_id)], "held_on": [None, fields["held_on"]],
                          "minutes": [None, fields["minutes"]], "topic": [None, fields["topic"]],
                          "confirmed_by": [None, party]})
    _notify_other(actor, pair, party, session, changed=False)
    return session


def _both_confirmed(session: MentoringSession) -> bool:
    return session.mentor_confirmed_at is not None and session.mentee_confirmed_at is not None


@transaction.atomic
def session_change(*, actor, session: MentoringSession, held_on: date, minutes: int, topic: str, notes: str = "",
                   agreed_actions: str = "") -> MentoringSession:
    """Correct a session not yet confirmed by both: the one who changes it confirms the new version, the other
    party's confirmation is withdrawn and asked again.

    Raises PermissionDenied unless *actor* is a party of the pair; DevelopmentError ``development.session_locked``
    (409) once both have confirmed; the field errors of session_record.
    """
    pair = session.pair
    party = party_of(actor, pair)
    if party is None:
        raise PermissionDenied
    pair = _locked_pair(pair)
    session = MentoringSession.objects.select_for_update().get(pk=session.pk)
    if _both_confirmed(session):
        raise DevelopmentError(_("Both confirmed this session: it can no longer be changed."), code=SESSION_LOCKED,
                               http_status=409)
    fields = _session_fields(pair, held_on=held_on, minutes=minutes, topic=topic, notes=notes,
                             agreed_actions=agreed_actions)
    before = {name: getattr(session, name) for name in fields}
    changes = {name: [before[name], value] for name, value in fields.items() if before[name] != value}
    if not changes:
        return session
    for name, value in fields.items():
        setattr(session, name, value)
    now = timezone.now()
    session.mentor_confirmed_at = now if party == "mentor" else None
    session.mentee_confirmed_at = now if party == "mentee" else None
    session.save()
    audit_record(actor=actor, action=MentoringAudit.SESSION_CHANGED, target=pair, pemda_id=pair.pemda_id,
                 changes={"session": [str(session.public_id), str(session.public_id)], **changes})
    _notify_other(actor, pair, party, session, changed=True)
    return session


@transaction.atomic
def session_confirm(*, actor, session: MentoringSession) -> MentoringSession:
    """Confirm a session as the party who did not record it; when both have confirmed, write the mentee's one
    verified JP ledger entry (source "mentoring", rules.jp_for of the minutes, the year the session was held).

    Raises PermissionDenied unless *actor* is the mentor or the mentee of the session's pair (nobody confirms for
    another); DevelopmentError ``development.already_confirmed`` (409) when the actor's confirmation is already
    there.
    """
    party = party_of(actor, session.pair)
    if party is None:
        raise PermissionDenied
    field = f"{party}_confirmed_at"
    now = timezone.now()
    updated = MentoringSession.objects.filter(pk=session.pk, **{f"{field}__isnull": True}).update(
        **{field: now, "updated_at": now})
    if not updated:
        raise DevelopmentError(_("You have already confirmed this session."), code=ALREADY_CONFIRMED,
                               http_status=409)
    session = MentoringSession.objects.select_related("pair__mentor__user", "pair__mentee__user").get(pk=session.pk)
    pair = session.pair
    audit_record(actor=actor, action=MentoringAudit.SESSION_CONFIRMED, target=pair, pemda_id=pair.pemda_id,
                 changes={"session": [None, str(session.public_id)], "confirmed_by": [None, party]})
    if _both_confirmed(session):
        _learning_record(actor, session)
    return session


def _learning_record(actor, session: MentoringSession) -> LearningRecord:
    pair = session.pair
    jp = rules.jp_for(minutes=session.minutes, certificate_jp=None)
    with notice_language():
        title = f"{GuidanceKind(pair.kind).label}: {session.topic}"[:200]
    record = LearningRecord.objects.create(
        pemda_id=pair.pemda_id, employee=pair.mentee, source=LearningSource.MENTORING, source_id=session.pk,
        title=title, form=FORM_OF_KIND[GuidanceKind(pair.kind)], completed_on=session.held_on,
        year=session.held_on.year, minutes=session.minutes, certificate_jp=None, jp=jp, verified=True,
        verified_by=actor, verified_at=timezone.now())
    audit_record(actor=actor, action=DevelopmentAudit.LEARNING_RECORDED, target=pair.mentee,
                 pemda_id=pair.pemda_id,
                 changes={"source": [None, LearningSource.MENTORING], "title": [None, title],
                          "minutes": [None, session.minutes], "jp": [None, jp], "year": [None, record.year]})
    with notice_language():
        text = _("Both confirmed the session of %(date)s: %(jp)d JP counted for %(name)s in %(year)d.") % {
            "date": session.held_on.strftime("%d-%m-%Y"), "jp": jp, "name": pair.mentee.full_name,
            "year": record.year}
    me = actor_employee(actor)
    for person in (pair.mentor, pair.mentee):
        if me is None or person.pk != me.pk:
            notify_user(user=person.user, kind="development.mentoring_session", pemda_id=pair.pemda_id, text=text,
                        url=_pair_url(pair))
    return record


def register() -> None:
    """Fill the lower contexts' registries: the task source of sessions awaiting the actor's confirmation."""
    from .. import mentoring_inbox

    mentoring_inbox.register()
