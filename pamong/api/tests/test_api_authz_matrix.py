"""Generated authorization matrix for /api/v1 (reliability-security.md §6.1, goals G1, G2, G6).

Every operation of the OpenAPI document × every actor class × the target
objects is requested and its status compared with POLICY. An operation
without a policy entry fails the test: a new endpoint must be added here.

Expected statuses: 2xx allowed; 401 anonymous; 403 visible but not allowed;
404 out of scope (never 403, so scope does not leak); 422 for a body that
references an object outside the actor's scope.
"""

import json
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from pamong.api.urls import api
from pamong.approvals.services import step_act
from pamong.leave.models import LeaveApplication
from pamong.leave.tests.factories import submit
from pamong.people.tests.factories import nip_for
from pamong.performance import services as performance
from pamong.performance.models import PerformanceSettings
from pamong.workcalendar.models import CalendarDay

from . import authz_attendance_targets as attendance_targets
from . import authz_mobility_mutation_targets as mutation_targets
from . import authz_mobility_promotion_targets as promotion_targets
from . import authz_mobility_talent_targets as talent_targets
from . import authz_mobility_targets as mobility_targets
from .conftest import API, ApiClient, make_token

pytestmark = pytest.mark.django_db

ACTORS = (
    "anonymous",
    "employee",
    "peer",
    "supervisor",
    "hr_admin",
    "executive",
    "auditor",
    "other_pemda_admin",
    "superadmin",
    # Issue #12: the Mamuju attendance officer (BKPSDM; this module's ``world`` fixture adds them). Outside
    # attendance an ordinary employee of the agency seen by nobody's line: a row that does not name them gives
    # them the peer's status (see _row), and the rows where that is wrong say so.
    "attendance_officer",
)
# The Mamuju staff who are not HR (same Pemda, no management rights).
_STAFF = ("employee", "peer", "supervisor", "executive", "auditor")


def _row(**statuses: str) -> dict[str, str]:
    """A policy row; every actor class must be named (the attendance officer defaults to the peer's status)."""
    if "attendance_officer" not in statuses and "peer" in statuses:
        statuses["attendance_officer"] = statuses["peer"]
    assert set(statuses) == set(ACTORS), set(ACTORS) ^ set(statuses)
    return statuses


_READ_ALL = _row(**{actor: "2xx" for actor in ACTORS if actor != "anonymous"}, anonymous="401")
_HR_WRITE = _row(
    anonymous="401", **dict.fromkeys(_STAFF, "403"), hr_admin="2xx", other_pemda_admin="422", superadmin="2xx"
)


def _application_row(**allowed: str) -> dict[str, str]:
    """A leave application in the employee's chain: peer and Palu do not see it (404), the rest see it (403)."""
    return _row(**{"anonymous": "401", "peer": "404", "other_pemda_admin": "404",
                   **dict.fromkeys(("employee", "supervisor", "hr_admin", "executive", "auditor", "superadmin"), "403"),
                   **allowed})


_LEAVE_READ = _row(
    anonymous="401", employee="2xx", peer="404", supervisor="2xx", hr_admin="2xx", executive="2xx", auditor="2xx",
    other_pemda_admin="404", superadmin="2xx",
)
_OTHER_PEMDA_READ = _row(
    anonymous="401", **dict.fromkeys(_STAFF, "404"), hr_admin="404", other_pemda_admin="2xx", superadmin="2xx"
)
# Everyone with an employee record quotes or submits for themselves; a superadmin has none (403).
# Submitting needs an approver: the HR analyst, Sekda, auditor and Palu's analyst have nobody above them (422).
_OWN_LEAVE = _row(anonymous="401", **{actor: "2xx" for actor in ACTORS if actor not in ("anonymous", "superadmin")},
                  superadmin="403")
_LEAVE_POLICY = {
    ("GET", "/leave/types"): {None: _READ_ALL},
    ("GET", "/leave/balance"): {
        None: _row(**{**_READ_ALL, "superadmin": "422"}),  # without ?employee= the caller's own record
        "employee": _LEAVE_READ,
        "other_pemda_employee": _OTHER_PEMDA_READ,
    },
    ("POST", "/leave/quote"): {None: _OWN_LEAVE},
    ("POST", "/leave/applications"): {
        None: _row(**{**_OWN_LEAVE, **dict.fromkeys(("hr_admin", "executive", "auditor", "other_pemda_admin",
                                                     "attendance_officer"), "422")})
    },
    ("GET", "/leave/applications"): {None: _READ_ALL},
    ("GET", "/leave/applications/{application_id}"): {
        "employee_application": _LEAVE_READ,
        "other_pemda_application": _OTHER_PEMDA_READ,
    },
    ("POST", "/leave/applications/{application_id}/consider"): {
        "employee_application": _application_row(supervisor="2xx"),
    },
    ("POST", "/leave/applications/{application_id}/decide"): {
        # the Kepala Dinas decides (not an actor class here): the supervisor who considered may not
        "considered_application": _application_row(),
    },
    ("POST", "/leave/applications/{application_id}/cancel"): {
        "employee_application": _application_row(employee="2xx"),
    },
    ("POST", "/leave/applications/{application_id}/revoke"): {
        "approved_application": _application_row(hr_admin="2xx", superadmin="2xx"),
    },
    ("GET", "/leave/applications/{application_id}/letter.pdf"): {"approved_application": _LEAVE_READ},
    # HR of the agency about someone else (Palu's HR names an employee it cannot see: 422)
    ("POST", "/leave/balances/opening"): {
        None: _row(anonymous="401", **dict.fromkeys(_STAFF, "403"), hr_admin="2xx", other_pemda_admin="422",
                   superadmin="403"),
    },
    ("GET", "/leave/holidays"): {None: _READ_ALL},
    ("POST", "/leave/holidays"): {None: _HR_WRITE},
    ("POST", "/leave/holidays/prefill"): {None: _HR_WRITE},
    ("DELETE", "/leave/holidays/{holiday_id}"): {
        "holiday": _row(anonymous="401", **dict.fromkeys(_STAFF, "403"), hr_admin="2xx", other_pemda_admin="404",
                        superadmin="2xx"),
    },
}

# (method, path template) → target name → actor → expected status class.
# Collections have the single target None.
POLICY: dict[tuple[str, str], dict[str | None, dict[str, str]]] = {
    ("GET", "/me"): {None: _READ_ALL},
    ("GET", "/units"): {None: _READ_ALL},
    ("POST", "/units"): {None: _HR_WRITE},
    ("GET", "/positions"): {None: _READ_ALL},
    ("POST", "/positions"): {None: _HR_WRITE},
    ("GET", "/employees"): {None: _READ_ALL},
    ("POST", "/employees"): {None: _HR_WRITE},
    ("GET", "/employees/{employee_id}"): {
        "employee": _row(
            anonymous="401",
            employee="2xx",
            peer="404",
            supervisor="2xx",
            hr_admin="2xx",
            executive="2xx",
            auditor="2xx",
            other_pemda_admin="404",
            superadmin="2xx",
        ),
        "other_pemda_employee": _row(
            anonymous="401", **dict.fromkeys(_STAFF, "404"), hr_admin="404", other_pemda_admin="2xx", superadmin="2xx"
        ),
    },
    ("PATCH", "/employees/{employee_id}"): {
        "employee": _row(
            anonymous="401",
            employee="2xx",
            peer="404",
            supervisor="403",
            hr_admin="2xx",
            executive="403",
            auditor="403",
            other_pemda_admin="404",
            superadmin="2xx",
        ),
        "other_pemda_employee": _row(
            anonymous="401", **dict.fromkeys(_STAFF, "404"), hr_admin="404", other_pemda_admin="2xx", superadmin="2xx"
        ),
    },
}

POLICY.update(_LEAVE_POLICY)

# Performance: a plan of the employee is seen by the line and the agency roles (peer and Palu: 404); its owner
# writes it, its appraiser (the supervisor) agrees, gives feedback and rates; the decider of an objection is the
# appraiser's supervisor (the Kepala Dinas, not an actor class here); HR, the executive and a superadmin
# calibrate and set organisation ratings.
_PLAN_READ = _LEAVE_READ
_plan_row = _application_row
_PERFORMANCE_POLICY = {
    ("GET", "/performance/plans"): {None: _READ_ALL},
    ("POST", "/performance/plans"): {None: _OWN_LEAVE},
    ("GET", "/performance/plans/{plan_id}"): {"employee_plan": _PLAN_READ, "other_pemda_plan": _OTHER_PEMDA_READ},
    ("POST", "/performance/plans/{plan_id}/results"): {"employee_plan": _plan_row(employee="2xx")},
    ("POST", "/performance/results/{result_id}/indicators"): {"employee_result": _plan_row(employee="2xx")},
    ("POST", "/performance/plans/{plan_id}/submit"): {"employee_plan": _plan_row(employee="2xx")},
    ("POST", "/performance/plans/{plan_id}/approve"): {"submitted_plan": _plan_row(supervisor="2xx")},
    ("POST", "/performance/plans/{plan_id}/revise"): {"approved_plan": _plan_row(employee="2xx")},
    ("GET", "/performance/plans/{plan_id}/realisations"): {"approved_plan": _PLAN_READ},
    ("POST", "/performance/plans/{plan_id}/realisations"): {"approved_plan": _plan_row(employee="2xx")},
    ("GET", "/performance/plans/{plan_id}/feedback"): {"approved_plan": _PLAN_READ},
    ("POST", "/performance/plans/{plan_id}/feedback"): {"approved_plan": _plan_row(supervisor="2xx")},
    ("POST", "/performance/plans/{plan_id}/evaluations"): {"approved_plan": _plan_row(supervisor="2xx")},
    ("POST", "/performance/evaluations/{evaluation_id}/objections"): {"evaluation": _plan_row(employee="2xx")},
    ("POST", "/performance/objections/{objection_id}/decide"): {"objection": _plan_row()},
    ("POST", "/performance/evaluations/{evaluation_id}/calibrate"): {
        "evaluation": _plan_row(hr_admin="2xx", executive="2xx", superadmin="2xx"),
    },
    ("POST", "/performance/organisation-ratings"): {
        None: _row(anonymous="401", **dict.fromkeys(("employee", "peer", "supervisor", "auditor"), "403"),
                   hr_admin="2xx", executive="2xx", other_pemda_admin="422", superadmin="2xx"),
    },
    ("GET", "/performance/evaluations"): {None: _READ_ALL},  # scoped list: who sees what is test_reads.py
    ("GET", "/performance/organisation-ratings"): {None: _READ_ALL},
    ("GET", "/performance/distribution"): {
        "division": _row(**{**dict.fromkeys(ACTORS, "2xx"), "anonymous": "401", "other_pemda_admin": "404"}),
    },
}
POLICY.update(_PERFORMANCE_POLICY)
# The audit trail: auditors (their Pemda) and superadmins only.
POLICY[("GET", "/audit/events")] = {
    None: _row(anonymous="401", **dict.fromkeys(("employee", "peer", "supervisor", "hr_admin", "executive"), "403"),
               auditor="2xx", other_pemda_admin="403", superadmin="2xx"),
}

# Who each actor sees in GET /employees (the list half of G2), stated independently of the selectors.
_MAMUJU = {"unit_head", "supervisor", "employee", "peer", "outsider", "hr_admin", "executive", "auditor",
           "attendance_officer"}
_PALU = {"other_pemda_admin", "other_pemda_employee"}
VISIBLE_EMPLOYEES = {
    "employee": {"employee"},
    "peer": {"peer"},
    "attendance_officer": {"attendance_officer"},  # an attendance right, not a people one
    "supervisor": {"supervisor", "employee", "peer"},
    "hr_admin": _MAMUJU,
    "executive": _MAMUJU,
    "auditor": _MAMUJU,
    "other_pemda_admin": _PALU,
    "superadmin": _MAMUJU | _PALU,
}


def _body(method: str, template: str, world):
    """A valid request body: the only reason for a refusal must be the actor."""
    if template.startswith(("/feedback/complaints", "/feedback/public/complaints")):
        return _complaint_body(method, template, world)
    if template.startswith("/approvals/"):
        return _approvals_body(method, template, world)
    if method == "PATCH" and template.startswith("/mobility/"):
        return _mobility_body(method, template, world)
    if method == "PATCH":
        return {"phone": "0811 0000 1234"}
    if template == "/units":
        return {"name": "Seksi Matriks", "kind": "seksi", "parent": str(world.division.public_id)}
    if template == "/positions":
        return {"name": "Pengelola Matriks", "kind": "pelaksana", "org_unit": str(world.division.public_id)}
    if template == "/employees":
        born, appointed = date(1991, 8, 9), date(2016, 4, 1)
        return {
            "nip": nip_for(born, appointed, "f", 77),
            "name": "Matriks Uji",
            "birth_date": born.isoformat(),
            "gender": "f",
            "status": "cpns",
            "first_appointment_date": appointed.isoformat(),
            "golongan": "III/a",
            "golongan_date": appointed.isoformat(),
            "position": str(world.staff_position.public_id),
            "position_date": appointed.isoformat(),
        }
    if template.startswith("/performance/"):
        return _performance_body(method, template, world)
    if template.startswith("/development/mentoring/"):
        return _mentoring_body(method, template, world)
    if template.startswith("/development/plans"):
        return _plans_body(method, template, world)
    if template.startswith("/development/"):
        return _development_body(method, template, world)
    if template.startswith(("/attendance/", "/discipline/")):
        return _attendance_body(method, template, world)
    if template.startswith("/mobility/"):
        return _mobility_body(method, template, world)
    if template.startswith("/feedback/"):
        return _feedback_body(method, template, world)
    if template.startswith("/forum/"):
        return _forum_body(method, template, world)
    return _leave_body(method, template, world)


def _leave_dates() -> tuple[date, date]:
    """Monday to Wednesday, two to three weeks ahead: valid cuti tahunan whenever the matrix runs."""
    start = timezone.localdate() + timedelta(days=14)
    start += timedelta(days=(7 - start.weekday()) % 7)
    return start, start + timedelta(days=2)


def _leave_body(method: str, template: str, world):
    start, end = _leave_dates()
    mamuju = str(world.pemda.public_id)
    bodies = {
        "/leave/quote": {"leave_type": "CT", "start_date": start.isoformat(), "end_date": end.isoformat(),
                         "address": "Jl. Matriks 1, Mamuju"},
        "/leave/holidays": {"date": start.isoformat(), "kind": "regional_holiday", "name": "HUT Matriks",
                            "pemda": mamuju},
        "/leave/holidays/prefill": {"year": 2030, "pemda": mamuju},
        "/leave/applications/{application_id}/consider": {"outcome": "approve"},
        "/leave/applications/{application_id}/decide": {"outcome": "approve"},
        "/leave/applications/{application_id}/revoke": {"reason": "Dipanggil tugas mendesak"},
        "/leave/balances/opening": {"employee": str(world.employee.public_id), "days": 5,
                                    "pot_year": timezone.localdate().year - 1, "reason": "SIMPEG lama"},
    }
    bodies["/leave/applications"] = bodies["/leave/quote"]
    return bodies.get(template, {} if method == "POST" else None)


def _employee_application(world):
    start, end = _leave_dates()
    return submit(world.employee, today=timezone.localdate(), start_date=start, end_date=end)


def _considered_application(world):
    application = _employee_application(world)
    step_act(actor=world.supervisor.user, step=application.process.steps.get(state="active"), outcome="approve")
    return application


def _approved_application(world):
    application = _considered_application(world)
    step_act(actor=world.unit_head.user, step=application.process.steps.get(state="active"), outcome="approve")
    return application


def _other_pemda_application(world):
    start, end = _leave_dates()
    employee = world.other_pemda_employee
    return LeaveApplication.objects.create(
        pemda=employee.pemda, employee=employee, leave_type="CT", start_date=start, end_date=end, working_days=3,
        calendar_days=3, address="Palu", submitted_by=employee.user,
    )


# Targets that are not personas of the world: built for the case that needs them.
_TARGETS = {
    "employee_application": _employee_application,
    "considered_application": _considered_application,
    "approved_application": _approved_application,
    "other_pemda_application": _other_pemda_application,
    "holiday": lambda world: CalendarDay.objects.create(pemda=world.pemda, date=date(2030, 8, 19),
                                                        kind="regional_holiday", name="HUT Matriks"),
}
# Collections whose target is a query parameter.
_QUERY_TARGETS = {"/leave/balance": "employee"}


def _performance_period() -> str:
    """Last month: with a 45-day evaluation window (set by the builders) it can be rated whenever the matrix runs."""
    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    return f"{last_month.year}-{last_month.month:02d}"


def _employee_plan(world):
    """The employee's draft SKP for the year of last month, with one result and indicator (noted on *world*)."""
    PerformanceSettings.objects.update_or_create(pemda=world.pemda, defaults={"evaluation_window_days": 45})
    employee = world.employee
    skp = performance.skp_create(actor=employee.user, employee=employee, year=int(_performance_period()[:4]))
    result = performance.skp_result_add(actor=employee.user, skp=skp, text="Data pokok pendidikan mutakhir")
    indicator = performance.skp_indicator_add(actor=employee.user, result=result, name="Laporan data",
                                              aspect="quantity", target_value=12, unit="laporan")
    world.performance_indicator = indicator  # the realisation body names it
    return skp


def _submitted_plan(world):
    return performance.skp_submit(actor=world.employee.user, skp=_employee_plan(world))


def _approved_plan(world):
    skp = _submitted_plan(world)
    step_act(actor=world.supervisor.user, step=skp.process.steps.get(state="active"), outcome="approve")
    skp.refresh_from_db()
    return skp


def _evaluation(world):
    return performance.evaluation_record(actor=world.supervisor.user, skp=_approved_plan(world),
                                         period=_performance_period(), work_result="meets", behaviour="meets")


def _objection(world):
    return performance.objection_submit(actor=world.employee.user, evaluation=_evaluation(world), text="Keberatan")


def _other_pemda_plan(world):
    employee = world.other_pemda_employee
    return performance.skp_create(actor=employee.user, employee=employee, year=timezone.localdate().year)


def _performance_body(method: str, template: str, world):
    period = _performance_period()
    indicator = getattr(world, "performance_indicator", None)
    bodies = {
        "/performance/plans": {"year": timezone.localdate().year},
        "/performance/plans/{plan_id}/results": {"text": "Hasil matriks"},
        "/performance/results/{result_id}/indicators": {"name": "Indikator matriks", "aspect": "quantity",
                                                        "target_value": 5, "unit": "dokumen"},
        "/performance/plans/{plan_id}/approve": {"outcome": "approve"},
        "/performance/plans/{plan_id}/revise": {"reason": "Pindah tugas"},
        "/performance/plans/{plan_id}/realisations": {
            "indicator_id": str(indicator.public_id) if indicator else None, "period": period, "value": 3,
            "evidence": [{"kind": "link", "url": "https://data.example.go.id/bukti"}]},
        "/performance/plans/{plan_id}/feedback": {"period": period, "text": "Pertahankan", "value": "akuntabel"},
        "/performance/plans/{plan_id}/evaluations": {"period": period, "work_result": "meets", "behaviour": "meets"},
        "/performance/evaluations/{evaluation_id}/objections": {"text": "Bukti belum dipertimbangkan"},
        "/performance/objections/{objection_id}/decide": {"upheld": False, "decision": "Penilaian sudah tepat"},
        "/performance/evaluations/{evaluation_id}/calibrate": {"work_result": "below", "behaviour": "meets",
                                                               "reason": "Kurva distribusi"},
        "/performance/organisation-ratings": {"unit": str(world.division.public_id), "period": period,
                                              "rating": "baik"},
    }
    return bodies.get(template, {} if method == "POST" else None)


_TARGETS.update({
    "employee_plan": _employee_plan,
    "employee_result": lambda world: _employee_plan(world).results.get(),
    "submitted_plan": _submitted_plan,
    "approved_plan": _approved_plan,
    "evaluation": _evaluation,
    "objection": _objection,
    "other_pemda_plan": _other_pemda_plan,
})
_QUERY_TARGETS["/performance/distribution"] = "unit"


# API tokens (§4): everyone lists their own; revoke: the owner, HR of the owner's agency, the superadmin.
def _employee_token(world):
    from pamong.accounts.models import ApiToken

    make_token(world.employee)
    return ApiToken.objects.filter(user=world.employee.user).latest("pk")


_TARGETS["employee_token"] = _employee_token

# Plt/Plh appointments and approval routes (issue #9): HR of the agency (and a superadmin) write; the agency reads
# its appointments; routes are visible to those who manage them only (others: an empty list, 404 on one step).
_APPROVALS_WRITE = _row(anonymous="401", **dict.fromkeys(_STAFF, "403"), hr_admin="2xx", other_pemda_admin="422",
                        superadmin="2xx")
_ROUTE_STEP_WRITE = _row(anonymous="401", **dict.fromkeys(_STAFF, "404"), hr_admin="2xx", other_pemda_admin="404",
                         superadmin="2xx")


def _acting_assignment(world):
    from pamong.approvals.services import acting_assignment_create

    today = timezone.localdate()
    return acting_assignment_create(actor=world.hr_admin.user, position=world.head_position, acting=world.outsider,
                                    kind="plh", start_date=today, end_date=today + timedelta(days=5),
                                    decree_number="800/1/BKPSDM", decree_date=today)


def _route_step(world):
    from pamong.approvals.models import ApprovalRouteStep

    return ApprovalRouteStep.objects.create(pemda=world.pemda, flow="leave", order=1, role="supervisor",
                                            label="atasan langsung")


def _approvals_body(method: str, template: str, world):
    today = timezone.localdate().isoformat()
    if template == "/approvals/acting":
        return {"position": str(world.head_position.public_id), "acting": str(world.outsider.public_id),
                "kind": "plh", "start_date": today, "end_date": today, "decree_number": "800/2/BKPSDM",
                "decree_date": today}
    if template == "/approvals/routes":
        return {"pemda": str(world.pemda.public_id), "flow": "leave", "order": 2, "role": "opd_head",
                "label": "Kepala Dinas"}
    if method == "PATCH":
        return {"label": "Atasan langsung"}
    return {} if method == "POST" else None


_TARGETS.update({"acting_assignment": _acting_assignment, "route_step": _route_step})
POLICY.update({
    ("GET", "/approvals/acting"): {None: _READ_ALL},
    ("POST", "/approvals/acting"): {None: _APPROVALS_WRITE},
    ("POST", "/approvals/acting/{acting_id}/revoke"): {
        "acting_assignment": _row(anonymous="401", **dict.fromkeys(_STAFF, "403"), hr_admin="2xx",
                                  other_pemda_admin="404", superadmin="2xx"),
    },
    ("GET", "/approvals/routes"): {None: _READ_ALL},
    ("POST", "/approvals/routes"): {None: _APPROVALS_WRITE},
    ("PATCH", "/approvals/routes/{step_id}"): {"route_step": _ROUTE_STEP_WRITE},
    ("POST", "/approvals/routes/{step_id}/deactivate"): {"route_step": _ROUTE_STEP_WRITE},
})
POLICY[("GET", "/tokens")] = {None: _READ_ALL}
POLICY[("POST", "/tokens/{token_id}/revoke")] = {
    "employee_token": _row(
        anonymous="401", employee="2xx", hr_admin="2xx", superadmin="2xx",
        **dict.fromkeys(("peer", "supervisor", "executive", "auditor", "other_pemda_admin"), "404"),
    ),
}


# Development mentoring (issue #11): HR of the agency and the head of the mentee's unit (the supervisor heads the
# division) pair and see the suggestions; the pair (the supervisor mentors the employee) is read by whoever sees
# the mentee; only the two parties record and confirm sessions (the recorder has confirmed already: 409); the
# parties and HR end it. A mentee outside the caller's scope is an unknown reference (422) or 404.
def _mentoring_pair(world):
    from pamong.development.services.mentoring import pair_create

    return pair_create(actor=world.hr_admin.user, mentor=world.supervisor, mentee=world.employee, goal="Matriks")


def _mentoring_session(world):
    from pamong.development.services.mentoring import session_record

    return session_record(actor=world.supervisor.user, pair=_mentoring_pair(world), held_on=timezone.localdate(),
                          minutes=60, topic="Matriks")


def _mentoring_body(method: str, template: str, world):
    if template == "/development/mentoring/pairs" and method == "POST":
        return {"mentee_id": str(world.employee.public_id), "mentor_id": str(world.supervisor.public_id),
                "goal": "Matriks"}
    if template.endswith("/sessions"):
        return {"held_on": timezone.localdate().isoformat(), "minutes": 60, "topic": "Matriks"}
    return {} if method == "POST" else None


_TARGETS.update({"mentoring_pair": _mentoring_pair, "mentoring_session": _mentoring_session})
_QUERY_TARGETS["/development/mentoring/suggestions"] = "mentee"
_PARTIES = _row(anonymous="401", employee="2xx", peer="404", supervisor="2xx", hr_admin="403", executive="403",
                auditor="403", other_pemda_admin="404", superadmin="403")
POLICY.update({
    ("GET", "/development/mentoring/pairs"): {None: _READ_ALL},
    ("POST", "/development/mentoring/pairs"): {
        None: _row(anonymous="401", employee="403", peer="422", supervisor="2xx", hr_admin="2xx", executive="403",
                   auditor="403", other_pemda_admin="422", superadmin="2xx"),
    },
    ("GET", "/development/mentoring/suggestions"): {
        "employee": _row(anonymous="401", employee="403", peer="404", supervisor="2xx", hr_admin="2xx",
                         executive="403", auditor="403", other_pemda_admin="404", superadmin="2xx"),
    },
    ("POST", "/development/mentoring/pairs/{pair_id}/sessions"): {"mentoring_pair": _PARTIES},
    ("POST", "/development/mentoring/sessions/{session_id}/confirm"): {
        "mentoring_session": {**_PARTIES, "supervisor": "409"},
    },
    ("POST", "/development/mentoring/pairs/{pair_id}/end"): {
        "mentoring_pair": {**_PARTIES, "hr_admin": "2xx", "superadmin": "2xx"},
    },
})


# Development e-learning (issue #11): HR of the agency and the learner (the employee, approved in the course's
# activity) read the course; only the learner starts, answers and completes (HR and the superadmin, who see the
# course, are refused by code: 403 development.not_enrolled); everyone else gets 404.


def _elearning_course(world, *, finish: bool = False):
    from pamong.development.choices import ActivityForm, ActivityMode, LessonKind
    from pamong.development.models import Enrolment
    from pamong.development.services import elearning as svc
    from pamong.development.tests.factories import LearningActivityFactory

    hr = world.hr_admin.user
    activity = LearningActivityFactory(pemda=world.pemda, created_by=hr, form=ActivityForm.E_LEARNING,
                                       mode=ActivityMode.NON_CLASSICAL, jp=2)
    course = svc.course_save(actor=hr, activity=activity, data=svc.CourseInput(questions_per_attempt=1))
    lesson = svc.lesson_save(actor=hr, course=course, data=svc.LessonInput(title="Teks", kind=LessonKind.TEXT,
                                                                            body="Isi"))
    question = svc.question_save(actor=hr, course=course, data=svc.QuestionInput(text="Q?", choices=[
        svc.ChoiceInput("Ya", True), svc.ChoiceInput("Tidak", False)]))
    course = svc.course_publish(actor=hr, course=course)
    Enrolment.objects.create(pemda=world.pemda, activity=activity, employee=world.employee, status="approved",
                             requested_by=world.employee.user, decided_at=timezone.now())
    if finish:
        svc.lesson_done(actor=world.employee.user, lesson=lesson)
        attempt, _created = svc.attempt_start(actor=world.employee.user, course=course)
        right = list(question.choices.filter(is_correct=True).values_list("pk", flat=True))
        svc.attempt_submit(actor=world.employee.user, attempt=attempt, answers={str(question.pk): right})
    return course


def _elearning_attempt(world):
    from pamong.development.services import elearning as svc

    return svc.attempt_start(actor=world.employee.user, course=_elearning_course(world))[0]


_TARGETS.update({
    "elearning_course": _elearning_course,
    "elearning_done": lambda world: _elearning_course(world, finish=True),
    "elearning_lesson": lambda world: _elearning_course(world).lessons.get(),
    "elearning_attempt": _elearning_attempt,
})
_LEARNER = _row(anonymous="401", employee="2xx", peer="404", supervisor="404", hr_admin="403", executive="404",
                auditor="404", other_pemda_admin="404", superadmin="403")
POLICY.update({
    ("GET", "/development/courses/{course_id}"): {"elearning_course": {**_LEARNER, "hr_admin": "2xx",
                                                                        "superadmin": "2xx"}},
    ("POST", "/development/courses/{course_id}/attempts"): {"elearning_course": _LEARNER},
    ("POST", "/development/courses/{course_id}/complete"): {"elearning_done": _LEARNER},
    ("POST", "/development/lessons/{lesson_id}/done"): {"elearning_lesson": _LEARNER},
    ("POST", "/development/attempts/{attempt_id}/submit"): {"elearning_attempt": _LEARNER},
})

# Development plans (issue #11): a plan is read by whoever sees the employee; the employee, their direct supervisor
# and HR draft it and add items (executive and auditor see it: 403); only the employee submits (the others who see
# it: 403); only the supervisor answers the agreement step (the employee never approves their own: 403).
def _dev_plan(world, *, submitted: bool = False):
    from pamong.development.services import plans as svc

    plan = svc.plan_draft(actor=world.employee.user, employee=world.employee, year=timezone.localdate().year)
    svc.plan_item_add(actor=world.employee.user, plan=plan, description="Matriks", form="coaching")
    if submitted:
        plan = svc.plan_submit(actor=world.employee.user, plan=plan)
    return plan


def _plans_body(method: str, template: str, world):
    if template == "/development/plans" and method == "POST":
        return {"employee": str(world.employee.public_id), "year": timezone.localdate().year}
    if template.endswith("/items"):
        return {"description": "Matriks", "form": "mentoring"}
    if template.endswith("/approve"):
        return {"approve": True}
    return {} if method == "POST" else None


_TARGETS.update({"dev_plan": _dev_plan, "dev_plan_submitted": lambda world: _dev_plan(world, submitted=True)})
_PLAN_SEEN = dict(anonymous="401", peer="404", other_pemda_admin="404")
POLICY.update({
    ("GET", "/development/plans"): {None: _READ_ALL},
    ("POST", "/development/plans"): {
        None: _row(**_PLAN_SEEN, employee="2xx", supervisor="2xx", hr_admin="2xx", executive="403", auditor="403",
                   superadmin="2xx"),
    },
    ("GET", "/development/plans/{plan_id}"): {
        "dev_plan": _row(**_PLAN_SEEN, employee="2xx", supervisor="2xx", hr_admin="2xx", executive="2xx",
                         auditor="2xx", superadmin="2xx"),
    },
    ("POST", "/development/plans/{plan_id}/items"): {
        "dev_plan": _row(**_PLAN_SEEN, employee="2xx", supervisor="2xx", hr_admin="2xx", executive="403",
                         auditor="403", superadmin="2xx"),
    },
    ("POST", "/development/plans/{plan_id}/submit"): {
        "dev_plan": _row(**_PLAN_SEEN, employee="2xx", supervisor="403", hr_admin="403", executive="403",
                         auditor="403", superadmin="403"),
    },
    ("POST", "/development/plans/{plan_id}/approve"): {
        "dev_plan_submitted": _row(**_PLAN_SEEN, employee="403", supervisor="2xx", hr_admin="403", executive="403",
                                   auditor="403", superadmin="403"),
    },
})


# Development competencies, training, JP ledger and awards (issue #11). HR of the agency (DevelopmentPerm.MANAGE)
# writes the dictionary, standards, catalogue, completions, verifications and the awards register; executive and
# auditor read agency-wide (403 on writes); a supervisor sees and assesses up the line; an employee acts for
# themselves. Writes without a target act in the caller's own Pemda, so Palu's HR adds to Palu's dictionary or
# catalogue (2xx) but names Mamuju's employee in vain (422); the tenant-less superadmin has no agency to add to or
# register awards in (403), yet manages a Mamuju object it is pointed at (the path) like HR.
def _dev_competency(world):
    from pamong.development.tests.factories import CompetencyFactory

    return CompetencyFactory(pemda=world.pemda)


def _dev_activity(world):
    from pamong.development.tests.factories import LearningActivityFactory

    return LearningActivityFactory(pemda=world.pemda, created_by=world.hr_admin.user)


def _dev_enrolment(world, *, completed: bool = False):
    """The employee's approved enrolment (row built directly, as the e-learning builder does); completed by HR with
    Pamong's certificate when asked."""
    from pamong.development.models import Enrolment
    from pamong.development.services.training import enrolment_complete

    enrolment = Enrolment.objects.create(pemda=world.pemda, activity=_dev_activity(world), employee=world.employee,
                                         status="approved", requested_by=world.employee.user,
                                         decided_at=timezone.now())
    if completed:
        enrolment_complete(actor=world.hr_admin.user, enrolment=enrolment, completed_on=timezone.localdate(),
                           minutes=720, issue_certificate=True)
        enrolment.refresh_from_db()
    return enrolment


def _dev_certificate(world):
    """The verification code of Pamong's certificate stands where a path takes a public id."""
    from types import SimpleNamespace

    return SimpleNamespace(public_id=_dev_enrolment(world, completed=True).verification_code)


def _dev_learning_record(world):
    from pamong.development.services.learning import learning_record_add

    return learning_record_add(actor=world.employee.user, employee=world.employee, title="Webinar Matriks",
                               form="seminar", completed_on=timezone.localdate(), minutes=180)


def _dev_award(world):
    from pamong.development.services.awards import AwardInput, award_record

    return award_record(actor=world.hr_admin.user, employee=world.employee,
                        data=AwardInput(kind="agency", awarded_on=timezone.localdate(), title="Matriks"))


def _development_body(method: str, template: str, world):
    today = timezone.localdate().isoformat()
    if template == "/development/competencies":
        return {"code": "MTX", "name": "Matriks", "kind": "teknis", "levels": [f"Level {n}" for n in range(1, 6)]}
    if template == "/development/standards":
        return {"items": [{"competency_id": str(_dev_competency(world).public_id), "required_level": 3}]}
    if template == "/development/assessments":
        return {"employee_id": str(world.employee.public_id), "competency_id": str(_dev_competency(world).public_id),
                "level": 3, "assessed_on": today}
    if template == "/development/activities" and method == "POST":
        return {"title": "Bimtek Matriks", "form": "bimtek", "jp": 8}
    if template == "/development/enrolments/{enrolment_id}/complete":
        return {"minutes": 720}
    if template == "/development/learning-records":
        return {"title": "Webinar Matriks", "form": "seminar", "completed_on": today, "minutes": 180}
    if template.endswith("/reject"):
        return {"reason": "Sertifikat tidak terbaca"}
    if template.endswith("/evaluation"):
        from pamong.development.services.learning import REACTION_QUESTIONS

        return {"reaction": {"overall": 4, "answers": dict.fromkeys(REACTION_QUESTIONS, 4)}}
    if template == "/development/awards" and method == "POST":
        return {"employee": str(world.employee.public_id), "kind": "agency", "awarded_on": today, "title": "Matriks"}
    return {} if method in ("POST", "PUT") else None


_TARGETS.update({
    "dev_activity": _dev_activity,
    "dev_enrolment": _dev_enrolment,
    "dev_enrolment_completed": lambda world: _dev_enrolment(world, completed=True),
    "dev_certificate": _dev_certificate,
    "dev_learning_record": _dev_learning_record,
    "dev_award": _dev_award,
})
_QUERY_TARGETS.update({"/development/standards": "position", "/development/gaps": "employee",
                       "/development/jp": "employee"})
# Required query parameters that name no target.
_FIXED_QUERIES = {"/development/awards/top-performers": "period=2026-05",
                  "/development/awards/{award_id}": "reason=Salah+input"}

_DEV_IN_PEMDA = _row(**{**_READ_ALL, "other_pemda_admin": "404"})
_DEV_SEES_EMPLOYEE = _LEAVE_READ  # the person, up the line, VIEW_ANY of the agency, the superadmin
_DEV_OWN_AGENCY = _row(anonymous="401", **dict.fromkeys(_STAFF, "403"), hr_admin="2xx", other_pemda_admin="2xx",
                       superadmin="403")
_DEV_AGENCY_READERS = _row(anonymous="401", **dict.fromkeys(("employee", "peer", "supervisor"), "403"),
                           hr_admin="2xx", executive="2xx", auditor="2xx", other_pemda_admin="2xx", superadmin="403")
_DEV_HR_ON_OBJECT = _application_row(hr_admin="2xx", superadmin="2xx")
_DEV_EMPLOYEE_ONLY = _application_row(employee="2xx")
POLICY.update({
    # competencies
    ("GET", "/development/competencies"): {None: _READ_ALL},
    ("POST", "/development/competencies"): {None: _DEV_OWN_AGENCY},
    ("GET", "/development/standards"): {"staff_position": _DEV_IN_PEMDA},
    ("PUT", "/development/standards"): {
        "staff_position": _row(anonymous="401", **dict.fromkeys(_STAFF, "403"), hr_admin="2xx",
                               other_pemda_admin="404", superadmin="2xx"),
    },
    ("POST", "/development/assessments"): {
        # never one's own level (422 development.self_assessment); executive and auditor see but do not assess
        None: _row(anonymous="401", employee="422", peer="422", supervisor="2xx", hr_admin="2xx", executive="403",
                   auditor="403", other_pemda_admin="422", superadmin="2xx"),
    },
    ("GET", "/development/gaps"): {
        # the agency's map for VIEW_ANY, a unit head (the supervisor) their subtree; the tenant-less superadmin none
        None: {**_DEV_AGENCY_READERS, "supervisor": "2xx"},
        "employee": _DEV_SEES_EMPLOYEE,
    },
    # training
    ("GET", "/development/activities"): {None: _READ_ALL},
    ("POST", "/development/activities"): {None: _DEV_OWN_AGENCY},
    ("GET", "/development/activities/{activity_id}"): {"dev_activity": _DEV_IN_PEMDA},
    ("POST", "/development/activities/{activity_id}/enrolments"): {
        # for oneself; the HR analyst, Sekda and auditor have no approver (422); the superadmin no employee record
        "dev_activity": _row(anonymous="401", employee="2xx", peer="2xx", supervisor="2xx", hr_admin="422",
                             executive="422", auditor="422", other_pemda_admin="404", superadmin="403",
                             attendance_officer="422"),
    },
    ("GET", "/development/enrolments"): {None: _READ_ALL},
    ("POST", "/development/enrolments/{enrolment_id}/withdraw"): {"dev_enrolment": _DEV_EMPLOYEE_ONLY},
    ("POST", "/development/enrolments/{enrolment_id}/complete"): {"dev_enrolment": _DEV_HR_ON_OBJECT},
    # public by design (the QR code on Pamong's certificate): anonymous too
    ("GET", "/development/certificates/{code}"): {"dev_certificate": _row(**dict.fromkeys(ACTORS, "2xx"))},
    # JP ledger
    ("GET", "/development/jp"): {
        None: _row(**{**_READ_ALL, "superadmin": "404"}),  # one's own ledger: the superadmin has none
        "employee": _DEV_SEES_EMPLOYEE,
    },
    ("GET", "/development/jp/recap"): {None: {**_DEV_AGENCY_READERS, "supervisor": "2xx"}},
    # for oneself; the superadmin, without an employee record, gets 404 here (leave and enrolments answer 403)
    ("POST", "/development/learning-records"): {None: _row(**{**_OWN_LEAVE, "superadmin": "404"})},
    ("POST", "/development/learning-records/{record_id}/verify"): {"dev_learning_record": _DEV_HR_ON_OBJECT},
    ("POST", "/development/learning-records/{record_id}/reject"): {"dev_learning_record": _DEV_HR_ON_OBJECT},
    ("POST", "/development/enrolments/{enrolment_id}/evaluation"): {
        "dev_enrolment_completed": _DEV_EMPLOYEE_ONLY,  # the reaction (level 1): the participant only
    },
    # awards
    ("GET", "/development/awards"): {None: _READ_ALL},
    ("POST", "/development/awards"): {None: {**_HR_WRITE, "superadmin": "403"}},
    ("GET", "/development/awards/top-performers"): {None: _DEV_AGENCY_READERS},
    ("GET", "/development/awards/milestones"): {None: _DEV_AGENCY_READERS},
    # the employee's own award: 403 development.self_decision
    ("DELETE", "/development/awards/{award_id}"): {"dev_award": _DEV_HR_ON_OBJECT},
})


# --- Attendance and discipline (issue #12) ---------------------------------------------------------------------
# Attendance: AttendancePerm.VIEW_ANY (HR, the attendance officer, executive, auditor) reads the agency; MANAGE (HR
# and the officer) records, never for themselves; the person and their line read their own days. Writes without a
# target act in the caller's own agency (Palu's HR: 2xx for Palu, 422 naming Mamuju's employee). Discipline: HR of
# the agency (is_hr admits the superadmin) and the direct supervisor take the case's steps; a case is read by the
# employee, the line and the agency-wide roles (peer, officer and Palu: 404); a visible step one may not take: 403.
class Multipart(dict):
    """A multipart/form-data body (files as SimpleUploadedFile)."""


def _attendance_body(method: str, template: str, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    t = attendance_targets
    day = t.past_tuesday()
    pdf64 = __import__("base64").b64encode(t.MINIMAL_PDF).decode()
    if template == "/attendance/imports":
        content = f"{1:>9}\t{day:%Y-%m-%d} 07:20:00\t1\t0\t1\t0\n".encode()
        return Multipart(file=SimpleUploadedFile("1_attlog.dat", content), format="zkteco")
    if template == "/attendance/devices" and method == "POST":
        return {"serial": "ZKMTX0099", "name": "Mesin Matriks"}
    if template == "/attendance/device-users" and method == "POST":
        return {"machine_user_id": "991", "nip": world.employee.nip}
    if template == "/attendance/device-users/import":
        sheet = f"user_id,nip\n992,{world.employee.nip}\n".encode()
        return Multipart(file=SimpleUploadedFile("ids.csv", sheet, content_type="text/csv"))
    if template == "/attendance/days" and method == "POST":
        return {"employee": str(world.employee.public_id), "date": day.isoformat(), "first_in": "07:25"}
    if template == "/attendance/duties" and method == "POST":
        return Multipart(employee=str(world.employee.public_id), kind="surat_tugas", start=day.isoformat(),
                         end=day.isoformat(), letter_number="800/9/BKPSDM", letter_date=day.isoformat(),
                         purpose="Bimtek matriks", document=SimpleUploadedFile("st.pdf", t.MINIMAL_PDF,
                                                                              content_type="application/pdf"))
    if template.endswith("/cancel"):
        return {"reason": "Batal"}
    if template == "/attendance/days/{day_id}/corrections":
        return {"reason": "sick", "explanation": "Demam", "filename": "sd.pdf", "content_base64": pdf64}
    if template == "/attendance/corrections" and method == "POST":
        return {"start": day.isoformat(), "end": day.isoformat(), "reason": "sick", "explanation": "Demam",
                "filename": "sd.pdf", "content_base64": pdf64}
    if template.endswith("/corrections/{correction_id}/decision"):
        return {"approve": True}
    if template == "/discipline/cases" and method == "POST":
        return {"employee": str(world.employee.public_id), "kind": "other", "description": "Matriks"}
    bodies = {
        "/discipline/cases/{case_id}/summons": {"issued_on": "2026-03-02", "examination_on": "2026-03-05",
                                                "place": "Ruang rapat BKPSDM"},
        "/discipline/cases/{case_id}/summons/outcome": {"outcome": "attended"},
        "/discipline/cases/{case_id}/examinations": {"held_on": "2026-03-05", "mode": "in_person",
                                                     "questions_answers": "T: ? J: .", "findings": "Tidak masuk.",
                                                     "examinee_signed": True},
        "/discipline/cases/{case_id}/decision": {"sanction": "teguran_tertulis", "reason": "Terbukti.",
                                                 "decided_on": "2026-03-09"},
        "/discipline/cases/{case_id}/delivery": {"delivered_on": "2026-03-10"},
        "/discipline/cases/{case_id}/objections": {"text": "Keberatan", "filed_on": "2026-03-11"},
        "/discipline/cases/{case_id}/objections/decision": {"outcome": "rejected", "reason": "Sudah tepat."},
        "/discipline/cases/{case_id}/close": {"reason": "Tidak terbukti."},
    }
    return bodies.get(template, {} if method == "POST" else None)


def _attendance_day(world):
    """The employee's derived day of last month; the path takes its integer id."""
    from types import SimpleNamespace

    from pamong.attendance.models import AttendanceDay

    day = attendance_targets.past_tuesday()
    attendance_targets._derive(world, [world.employee], day, day)
    return SimpleNamespace(public_id=AttendanceDay.objects.get(employee=world.employee, date=day).pk)


def _verified_month(world):
    """Last month of the division, verified by the attendance officer (the unit's head closes it)."""
    from pamong.attendance.services.months import verify_month

    attendance_targets.month_body(world)
    verify_month(actor=world.attendance_officer.user, unit=world.division, month=attendance_targets.last_month())
    return world.division


def _derived_division(world):
    attendance_targets.month_body(world)
    return world.division


def _case_at(stage):
    return lambda world: attendance_targets.case(world, stage)


_TARGETS.update({
    "att_import": attendance_targets.punch_import,
    "att_device_user": lambda world: __import__("types").SimpleNamespace(
        public_id=attendance_targets.device_user(world).pk),  # the path takes the link's integer id
    "att_day": _attendance_day,
    "att_duty": attendance_targets.duty,
    "att_correction": attendance_targets.correction,
    "att_month": _derived_division,
    "att_verified_month": _verified_month,
    "case_reported": _case_at("reported"),
    "case_summoned": _case_at("summoned"),
    "case_examined": _case_at("examined"),
    "case_decided": _case_at("decided"),
    "case_delivered": _case_at("delivered"),
    "case_objected": _case_at("objected"),
})
_QUERY_TARGETS.update({"/attendance/days": "employee", "/attendance/summary": "employee",
                       "/attendance/months": "unit", "/discipline/authority": "employee",
                       "/discipline/restrictions": "employee"})
_FIXED_QUERIES["/discipline/authority"] = "sanction=teguran_tertulis"


def _att(default: str, **statuses: str) -> dict[str, str]:
    """A row where every named-or-not logged-in actor gets *default*."""
    return _row(**{**dict.fromkeys(ACTORS, default), "anonymous": "401", **statuses})


_ATT_MANAGE = _att("403", hr_admin="2xx", attendance_officer="2xx", other_pemda_admin="2xx", superadmin="403")
_ATT_MANAGE_MAMUJU = {**_ATT_MANAGE, "other_pemda_admin": "422"}  # the body names Mamuju's employee
# Manual days and duties name the employee in the body: the superadmin records for them like HR (as POST /units).
_ATT_RECORD = {**_ATT_MANAGE_MAMUJU, "superadmin": "2xx"}
_ATT_IMPORTERS_ON_OBJECT = _att("404", hr_admin="2xx", attendance_officer="2xx")
_ATT_SEES_EMPLOYEE = {**_LEAVE_READ, "attendance_officer": "2xx"}
_ATT_EMPLOYEE_SEEN = _att("403", peer="404", other_pemda_admin="404")  # visible to all but peer and Palu
_CASE_SEEN = _att("403", peer="404", attendance_officer="404", other_pemda_admin="404")
_CASE_READ = {**_CASE_SEEN, **dict.fromkeys(("employee", "supervisor", "hr_admin", "executive", "auditor",
                                              "superadmin"), "2xx")}
_CASE_STEP = {**_CASE_SEEN, "supervisor": "2xx", "hr_admin": "2xx", "superadmin": "2xx"}
_CASE_HR = {**_CASE_SEEN, "hr_admin": "2xx", "superadmin": "2xx"}
POLICY.update({
    # punch imports, machines, machine user ids
    ("POST", "/attendance/imports"): {None: _ATT_MANAGE},
    ("GET", "/attendance/imports/{import_id}"): {"att_import": _ATT_IMPORTERS_ON_OBJECT},
    ("GET", "/attendance/devices"): {None: _ATT_MANAGE},
    ("POST", "/attendance/devices"): {None: _ATT_MANAGE},
    ("GET", "/attendance/device-users"): {None: _ATT_MANAGE},
    ("POST", "/attendance/device-users"): {None: _ATT_MANAGE_MAMUJU},
    ("POST", "/attendance/device-users/import"): {None: _ATT_MANAGE_MAMUJU},
    ("DELETE", "/attendance/device-users/{link_id}"): {
        "att_device_user": {**_ATT_IMPORTERS_ON_OBJECT, **dict.fromkeys(_STAFF, "403"), "superadmin": "403"}},
    # days and duties
    # one's own days (the superadmin has none: 422, as GET /leave/balance)
    ("GET", "/attendance/days"): {None: _row(**{**_READ_ALL, "superadmin": "422"}), "employee": _ATT_SEES_EMPLOYEE},
    ("POST", "/attendance/days"): {None: _ATT_RECORD},
    ("GET", "/attendance/duties"): {None: _READ_ALL},
    ("POST", "/attendance/duties"): {None: _ATT_RECORD},
    ("POST", "/attendance/duties/{duty_id}/cancel"): {
        "att_duty": {**_ATT_EMPLOYEE_SEEN, "hr_admin": "2xx", "attendance_officer": "2xx", "superadmin": "2xx"}},
    # corrections: the employee asks (a supervisor or the Kepala Dinas above: the staff; the HR analyst, officer,
    # Sekda, auditor and Palu's analyst have nobody above them: 422 approvals.no_approver)
    ("POST", "/attendance/days/{day_id}/corrections"): {"att_day": {**_ATT_EMPLOYEE_SEEN, "employee": "2xx"}},
    ("POST", "/attendance/corrections"): {
        None: _att("422", employee="2xx", peer="2xx", supervisor="2xx", superadmin="403")},
    ("GET", "/attendance/corrections"): {None: _READ_ALL},
    ("GET", "/attendance/corrections/{correction_id}"): {"att_correction": _ATT_SEES_EMPLOYEE},
    ("POST", "/attendance/corrections/{correction_id}/decision"): {
        "att_correction": {**_ATT_EMPLOYEE_SEEN, "supervisor": "2xx"}},
    ("POST", "/attendance/corrections/{correction_id}/withdraw"): {
        "att_correction": {**_ATT_EMPLOYEE_SEEN, "employee": "2xx"}},
    # months of the division: VIEW_ANY and the unit's head read; the officer or HR verifies; the head closes. The
    # division is outside the month scope of the staff who head nothing there (404, as another agency's unit).
    ("GET", "/attendance/months"): {
        "att_month": _att("403", employee="404", peer="404", supervisor="2xx", hr_admin="2xx", attendance_officer="2xx", executive="2xx",
                          auditor="2xx", superadmin="2xx", other_pemda_admin="404")},
    ("POST", "/attendance/months/{unit_id}/{month}/verify"): {
        "att_month": _att("403", employee="404", peer="404", hr_admin="2xx", attendance_officer="2xx",
                          superadmin="2xx", other_pemda_admin="404")},
    ("POST", "/attendance/months/{unit_id}/{month}/close"): {
        "att_verified_month": _att("403", employee="404", peer="404", supervisor="2xx", other_pemda_admin="404")},
    # absence summary and recap
    ("GET", "/attendance/summary"): {None: _row(**{**_READ_ALL, "superadmin": "404"}),
                                     "employee": _ATT_SEES_EMPLOYEE},
    ("GET", "/attendance/recap"): {
        None: _att("2xx", employee="403", peer="403")},
    # discipline cases
    ("GET", "/discipline/cases"): {None: _READ_ALL},
    ("POST", "/discipline/cases"): {
        # the tenant-less superadmin has no agency to open a case in: Mamuju's employee is unknown to it (422)
        None: _att("403", peer="422", attendance_officer="422", supervisor="2xx", hr_admin="2xx",
                   superadmin="422", other_pemda_admin="422")},
    ("GET", "/discipline/cases/{case_id}"): {"case_reported": _CASE_READ},
    ("POST", "/discipline/cases/{case_id}/summons"): {"case_reported": _CASE_STEP},
    ("POST", "/discipline/cases/{case_id}/summons/outcome"): {"case_summoned": _CASE_STEP},
    ("POST", "/discipline/cases/{case_id}/examinations"): {"case_summoned": _CASE_STEP},
    # a teguran for a pelaksana: the direct supervisor (authority matrix, rules.md §3.3)
    ("POST", "/discipline/cases/{case_id}/decision"): {"case_examined": {**_CASE_SEEN, "supervisor": "2xx"}},
    ("POST", "/discipline/cases/{case_id}/delivery"): {"case_decided": _CASE_HR},
    ("POST", "/discipline/cases/{case_id}/objections"): {"case_delivered": {**_CASE_HR, "employee": "2xx"}},
    ("POST", "/discipline/cases/{case_id}/objections/decision"): {"case_objected": _CASE_HR},
    ("POST", "/discipline/cases/{case_id}/close"): {"case_reported": _CASE_HR},
    ("GET", "/discipline/authority"): {
        "employee": _att("403", hr_admin="2xx", executive="2xx", auditor="2xx", superadmin="404",
                         other_pemda_admin="404")},
    # effects
    ("GET", "/discipline/restrictions"): {
        "employee": _att("404", employee="2xx", supervisor="2xx", hr_admin="2xx", executive="2xx", auditor="2xx")},
    ("GET", "/discipline/tpp-deductions"): {
        None: _att("403", hr_admin="2xx", executive="2xx", auditor="2xx", other_pemda_admin="2xx")},
})


# Mobility (issue #13): the agency's HR writes; its executives and Inspektorat read (unit heads read their tree's
# workload analyses). Targets: pamong/api/tests/authz_mobility_targets.py.
def _mobility_body(method: str, template: str, world):
    from pamong.people.tests.factories import PositionFactory

    if template == "/mobility/mutations":  # mutation proposals (helper D)
        return mutation_targets.body(world)
    if template == "/mobility/mutations/{mutation_id}/decide":
        return {"outcome": "approve"}
    if template == "/mobility/mutations/{mutation_id}/cancel":
        return {"reason": "Formasi dialihkan"}
    if template == "/mobility/promotions/proposals":  # KP/KGB proposals (helper F)
        return promotion_targets.create_body(world)
    if template == "/mobility/promotions/proposals/bulk":
        return promotion_targets.bulk_body(world)
    if template == "/mobility/promotions/proposals/{proposal_id}/decide":
        return {"outcome": "approve"}
    if template == "/mobility/succession/plans":  # talent and succession (helper E)
        return talent_targets.plan_body(world)
    if template == "/mobility/succession/plans/{plan_id}/candidates":
        return {"employee": str(world.employee.public_id), "readiness": "later"}
    if template == "/mobility/succession/plans/{plan_id}/candidates/{candidate_id}" and method == "PATCH":
        return {"readiness": "ready_now"}
    if template == "/mobility/talent/reviews":
        return {"year": 2026}
    if template == "/mobility/workload/analyses":
        return {"position": str(world.staff_position.public_id), "year": 2026, "tasks": mobility_targets.TASKS}
    if template == "/mobility/placements/runs":
        post = PositionFactory(org_unit=world.division, name="Pengolah Data Matriks", capacity=1)
        return {"positions": [str(post.public_id)], "candidates": [str(world.peer.public_id)]}
    if template == "/mobility/placements/runs/{run_id}/manual-plan":
        run = world._mobility_run
        pair = run.assignment[0]
        return {"pairs": [[pair["employee"], pair["position"]]]}
    return {} if method == "POST" else None


def _mobility_run(world):
    world._mobility_run = mobility_targets.run(world)
    return world._mobility_run


_TARGETS.update({"mob_analysis": mobility_targets.analysis, "mob_run": _mobility_run})
_TARGET_QUERIES = {"/mobility/placements/runs/{run_id}/loss": mobility_targets.loss_query}
_QUERY_TARGETS["/mobility/promotions/eligibility"] = "employee"
_FIXED_QUERIES["/mobility/promotions/due"] = "period=2026-12"
_MOB_SEEN = _att("404")
_MOB_AGENCY_READ = {**_MOB_SEEN, "hr_admin": "2xx", "executive": "2xx", "auditor": "2xx", "superadmin": "2xx"}
POLICY.update({
    ("GET", "/mobility/workload/analyses"): {None: _READ_ALL},
    ("POST", "/mobility/workload/analyses"): {None: _att("403", hr_admin="2xx", other_pemda_admin="422")},
    ("GET", "/mobility/workload/analyses/{analysis_id}"): {
        "mob_analysis": {**_MOB_AGENCY_READ, "supervisor": "2xx", "superadmin": "404"}},
    ("GET", "/mobility/placements/runs"): {None: _READ_ALL},
    ("POST", "/mobility/placements/runs"): {None: _att("403", hr_admin="2xx", other_pemda_admin="422")},
    ("GET", "/mobility/placements/runs/{run_id}"): {"mob_run": _MOB_AGENCY_READ},
    ("GET", "/mobility/placements/runs/{run_id}/loss"): {"mob_run": _MOB_AGENCY_READ},
    ("POST", "/mobility/placements/runs/{run_id}/manual-plan"): {
        "mob_run": {**_MOB_SEEN, "hr_admin": "2xx", "executive": "403", "auditor": "403", "superadmin": "403"}},
    ("GET", "/mobility/promotions/due"): {None: _att("403", hr_admin="2xx", executive="2xx", auditor="2xx",
                                                     other_pemda_admin="2xx", supervisor="2xx")},
    ("GET", "/mobility/promotions/eligibility"): {
        "employee": _att("403", hr_admin="2xx", executive="2xx", auditor="2xx", other_pemda_admin="404",
                         supervisor="2xx")},
})


# Mobility talent and succession (issue #13, helper E): the 9-box and the talent pool for everybody of an agency,
# each in their scope (the agency, a unit head's tree, their own box; the tenant-less superadmin has none);
# succession plans read by the agency's HR, executive and auditor, created by its HR. Targets:
# pamong/api/tests/authz_mobility_talent_targets.py.
_TARGETS["mob_plan"] = talent_targets.plan
_CANDIDATE = "/mobility/succession/plans/{plan_id}/candidates/{candidate_id}"
_TARGET_PATHS = {_CANDIDATE: talent_targets.candidate_path, f"{_CANDIDATE}/develop": talent_targets.candidate_path}
_PLAN_HR_ONLY = {**_att("404"), "hr_admin": "2xx", "executive": "403", "auditor": "403"}
POLICY.update({
    ("POST", "/mobility/talent/reviews"): {None: _att("403", hr_admin="2xx", other_pemda_admin="2xx")},
    ("POST", "/mobility/succession/plans/{plan_id}/candidates"): {"mob_plan": _PLAN_HR_ONLY},
    ("PATCH", _CANDIDATE): {"mob_plan": _PLAN_HR_ONLY},
    ("DELETE", _CANDIDATE): {"mob_plan": _PLAN_HR_ONLY},
    ("POST", f"{_CANDIDATE}/develop"): {"mob_plan": {**_PLAN_HR_ONLY, "hr_admin": "422"}},
    ("GET", "/mobility/talent/boxes"): {None: _att("2xx", superadmin="403")},
    ("GET", "/mobility/talent/pool"): {None: _att("2xx", superadmin="403")},
    ("GET", "/mobility/succession/plans"): {None: _READ_ALL},
    ("POST", "/mobility/succession/plans"): {None: _att("403", hr_admin="2xx", other_pemda_admin="422")},
    ("GET", "/mobility/succession/plans/{plan_id}"): {
        "mob_plan": {**_att("404"), "hr_admin": "2xx", "executive": "2xx", "auditor": "2xx"}},
})

# Mobility mutation proposals (issue #13, helper D): proposed by the agency's HR, a unit head for their tree (the
# supervisor heads the employee's division) or the employee themselves; read by them, the agency's executive and
# auditor and the approvers named; each step answered by its approver only (the executive as Sekretaris Daerah),
# never the proposer (HR here) or the subject. Targets: pamong/api/tests/authz_mobility_mutation_targets.py.
_TARGETS.update({"mob_mutation": mutation_targets.pending, "mob_mutation_draft": mutation_targets.draft,
                 "mob_mutation_sekda": mutation_targets.at_sekda})
_QUERY_TARGETS["/mobility/eligibility"] = "employee"
_MUTATION_SEEN = {**_att("404"), "employee": "403", "supervisor": "403", "hr_admin": "403", "executive": "403",
                  "auditor": "403"}
POLICY.update({
    ("GET", "/mobility/eligibility"): {
        "employee": _att("404", employee="2xx", supervisor="2xx", hr_admin="2xx", executive="2xx", auditor="2xx")},
    ("GET", "/mobility/mutations"): {None: _READ_ALL},
    ("POST", "/mobility/mutations"): {
        None: _att("403", employee="2xx", supervisor="2xx", hr_admin="2xx", other_pemda_admin="404",
                   superadmin="404")},
    ("GET", "/mobility/mutations/{mutation_id}"): {
        "mob_mutation": _att("404", employee="2xx", supervisor="2xx", hr_admin="2xx", executive="2xx",
                             auditor="2xx")},
    ("POST", "/mobility/mutations/{mutation_id}/submit"): {"mob_mutation_draft": {**_MUTATION_SEEN,
                                                                                  "hr_admin": "2xx"}},
    ("POST", "/mobility/mutations/{mutation_id}/decide"): {"mob_mutation_sekda": {**_MUTATION_SEEN,
                                                                                  "executive": "2xx"}},
    ("POST", "/mobility/mutations/{mutation_id}/cancel"): {"mob_mutation": {**_MUTATION_SEEN, "hr_admin": "2xx"}},
})

# Mobility KP/KGB proposals (issue #13, helper F): read by the agency's HR, executive and auditor; proposed (one, or
# a due month in bulk) and decided by its HR only, never by the proposer or the employee concerned (here a second
# HR admin proposes, so the world's HR admin may decide). Targets: pamong/api/tests/authz_mobility_promotion_targets.py.
_TARGETS["mob_promotion"] = promotion_targets.proposal
POLICY.update({
    ("GET", "/mobility/promotions/proposals"): {
        None: _att("403", hr_admin="2xx", executive="2xx", auditor="2xx", other_pemda_admin="2xx")},
    ("POST", "/mobility/promotions/proposals"): {None: _att("403", hr_admin="2xx", other_pemda_admin="404")},
    ("POST", "/mobility/promotions/proposals/bulk"): {None: _att("403", hr_admin="2xx", other_pemda_admin="2xx")},
    ("GET", "/mobility/promotions/proposals/{proposal_id}"): {
        "mob_promotion": _att("404", hr_admin="2xx", executive="2xx", auditor="2xx")},
    ("POST", "/mobility/promotions/proposals/{proposal_id}/decide"): {
        "mob_promotion": _att("404", hr_admin="2xx", executive="403", auditor="403")},
})


def _path(template: str, target: str | None, world) -> str:
    if target is None:
        return f"{template}?{_FIXED_QUERIES[template]}" if template in _FIXED_QUERIES else template
    built = _TARGETS.get(target)
    obj = built(world) if built else getattr(world, target)
    public_id = str(obj.public_id)
    if template in _TARGET_PATHS:  # a path naming two objects (a plan and one of its candidates)
        return _TARGET_PATHS[template](template, obj)
    if template in _TARGET_QUERIES:  # a query string that names parts of the target (the placement-loss pair)
        return f"{re.sub(r'{[a-z_]+}', public_id, template)}?{_TARGET_QUERIES[template](world, obj)}"
    if template in _QUERY_TARGETS:
        path = f"{template}?{_QUERY_TARGETS[template]}={public_id}"
        return f"{path}&{_FIXED_QUERIES[template]}" if template in _FIXED_QUERIES else path
    template = template.replace("{month}", f"{attendance_targets.last_month():%Y-%m}")  # /attendance/months/…
    path = re.sub(r"\{\w+\}", public_id, template)
    return f"{path}?{_FIXED_QUERIES[template]}" if template in _FIXED_QUERIES else path


def _schema_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="")
    return sorted((method.upper(), path) for path, methods in schema["paths"].items() for method in methods)


# Feedback (issue #14): the survey's public operations answer everyone (a token changes nothing); staff reads
# follow the points' scope (HR, executive, auditor: the agency; the division's head: its points), writes the
# points' managers (HR, the unit's head).
def _fb_point(world):
    """An active service point of the division with an open period today (noted on *world* for the bodies)."""
    from pamong.feedback.tests.factories import ServicePointFactory, SurveyPeriodFactory

    today = timezone.localdate()
    world._fb_period = SurveyPeriodFactory(pemda=world.pemda, created_by=world.hr_admin.user, name="Matriks",
                                           start_date=today - timedelta(days=10), end_date=today + timedelta(days=10))
    world._fb_point = ServicePointFactory(org_unit=world.division, name="Loket Matriks", created_by=world.hr_admin.user)
    return world._fb_point


def _fb_point_code(world):
    from types import SimpleNamespace

    return SimpleNamespace(public_id=_fb_point(world).code)


def _feedback_body(method: str, template: str, world):
    from pamong.feedback import proof_of_work

    if template == "/feedback/public/points/{code}/responses":
        token = proof_of_work.challenge(f"survey:{world._fb_point.code}")
        return {"answers": {f"U{n}": 3 for n in range(1, 10)}, "device_key": "matrix-device-key-01",
                "pow_token": token, "pow_counter": proof_of_work.solve(token)}
    if template == "/feedback/points":
        return {"unit": str(world.division.public_id), "name": "Loket Matriks Baru"}
    if template == "/feedback/points/{point_id}/paper-responses":
        return {"period": str(world._fb_period.public_id), "rows": [{"answers": {"U1": 4}}]}
    return {} if method == "POST" else None


_TARGETS.update({"fb_point": _fb_point, "fb_point_code": _fb_point_code})
_TARGET_QUERIES["/feedback/results"] = lambda world, point: (
    f"period={world._fb_period.public_id}&point={point.public_id}")
_FIXED_QUERIES["/feedback/sample-size"] = "population=1000"
_FB_PUBLIC = _row(**dict.fromkeys(ACTORS, "2xx"))
_FB_POINT_SEEN = _att("404", hr_admin="2xx", supervisor="2xx", executive="403", auditor="403")
POLICY.update({
    ("GET", "/feedback/public/points/{code}"): {"fb_point_code": _FB_PUBLIC},
    ("POST", "/feedback/public/points/{code}/responses"): {"fb_point_code": _FB_PUBLIC},
    ("GET", "/feedback/points"): {None: _READ_ALL},
    ("POST", "/feedback/points"): {
        None: _att("403", hr_admin="2xx", supervisor="2xx", other_pemda_admin="422", superadmin="422")},
    ("GET", "/feedback/periods"): {None: _READ_ALL},
    ("POST", "/feedback/points/{point_id}/paper-responses"): {"fb_point": _FB_POINT_SEEN},
    ("GET", "/feedback/results"): {
        "fb_point": _att("404", hr_admin="2xx", supervisor="2xx", executive="2xx", auditor="2xx")},
    ("GET", "/feedback/sample-size"): {None: _READ_ALL},
})


# Feedback, complaints (pengaduan): the public operations answer everyone; the staff operations are the complaint
# inbox's — the agency's desk (HR) and the heads of the complaint's unit tree (the supervisor heads the division the
# complaint is routed to). No inbox at all (not the desk, not a unit head): 403; an inbox that does not hold it (the
# executive heads the Setda, Palu's HR its own agency): 404.
def _fb_complaint(world, *, step: str = "received"):
    """A complaint of the division, entered by HR with the complainant's contact, taken to *step* by the services."""
    from pamong.feedback.complaint_services import (
        ComplainantContact,
        complaint_answer,
        complaint_classify,
        complaint_enter,
    )

    hr = world.hr_admin.user
    complaint = complaint_enter(actor=hr, pemda=world.pemda, channel="phone", subject="Legalisir matriks",
                                description="Ditolak tanpa alasan.", org_unit=world.division,
                                contact=ComplainantContact(name="Ibu Matriks", phone="0812 3456 7890"))
    if step != "received":
        complaint_classify(actor=hr, complaint=complaint, complaint_class="complaint", org_unit=world.division)
    if step == "answered":
        complaint_answer(actor=hr, complaint=complaint, text="Sudah dilegalisir.")
    return complaint


def _fb_complaint_tracking(world):
    from types import SimpleNamespace

    return SimpleNamespace(public_id=_fb_complaint(world).tracking_number)


def _complaint_body(method: str, template: str, world):
    from pamong.feedback import proof_of_work

    if template == "/feedback/public/complaints":
        token = proof_of_work.challenge(f"complaint:{world.pemda.pk}")
        return {"agency": str(world.pemda.public_id), "subject": "Antrean matriks", "description": "Tiga jam.",
                "pow_token": token, "pow_counter": proof_of_work.solve(token)}
    bodies = {
        "/feedback/complaints/{complaint_id}": {"complaint_class": "information",
                                                "unit": str(world.division.public_id)},
        "/feedback/complaints/{complaint_id}/reply": {"text": "Sedang kami periksa."},
        "/feedback/complaints/{complaint_id}/answer": {"text": "Sudah selesai."},
        "/feedback/complaints/{complaint_id}/reopen": {"reason": "Belum selesai."},
    }
    return bodies.get(template, {} if method == "POST" else None)


_TARGETS.update({
    "fb_complaint": _fb_complaint,
    "fb_complaint_routed": lambda world: _fb_complaint(world, step="routed"),
    "fb_complaint_answered": lambda world: _fb_complaint(world, step="answered"),
    "fb_complaint_tracking": _fb_complaint_tracking,
})
_FB_COMPLAINT_HANDLERS = _att("403", supervisor="2xx", hr_admin="2xx", executive="404", other_pemda_admin="404",
                              superadmin="2xx")
POLICY.update({
    ("GET", "/feedback/public/complaint-forms/{agency}"): {"pemda": _FB_PUBLIC},
    ("POST", "/feedback/public/complaints"): {None: _FB_PUBLIC},
    ("GET", "/feedback/public/complaints/{tracking}"): {"fb_complaint_tracking": _FB_PUBLIC},
    ("GET", "/feedback/complaints"): {
        None: _att("403", supervisor="2xx", hr_admin="2xx", executive="2xx", other_pemda_admin="2xx",
                   superadmin="2xx")},
    ("GET", "/feedback/complaints/{complaint_id}"): {"fb_complaint": _FB_COMPLAINT_HANDLERS},
    ("PATCH", "/feedback/complaints/{complaint_id}"): {"fb_complaint": _FB_COMPLAINT_HANDLERS},
    ("POST", "/feedback/complaints/{complaint_id}/reply"): {"fb_complaint": _FB_COMPLAINT_HANDLERS},
    ("POST", "/feedback/complaints/{complaint_id}/answer"): {"fb_complaint_routed": _FB_COMPLAINT_HANDLERS},
    ("POST", "/feedback/complaints/{complaint_id}/close"): {"fb_complaint_answered": _FB_COMPLAINT_HANDLERS},
    ("POST", "/feedback/complaints/{complaint_id}/reopen"): {"fb_complaint_answered": _FB_COMPLAINT_HANDLERS},
})

# The participation forum: the same who-sees-what as its pages (pamong/forum/tests/authz_policy.py). The target
# topic is a published proposal of the employee in the division, the poll a standalone one of the division. The
# Dinas' forum is read by its members, HR (moderates every forum) and the Sekda (leads every forum); everyone else,
# Palu and the tenant-less superadmin get 404. Its author may not support it (403 forum.own_content); proposals are
# answered by the heads above (the supervisor) and the Sekda; polls opened by a forum's leaders and moderators.
def _forum_topic(world):
    from pamong.forum import services as forum

    return forum.topic_create(actor=world.employee.user, kind="proposal", title="Usulan matriks", body="Isi usulan.",
                              unit=world.division)


def _forum_poll(world):
    from pamong.forum import services as forum

    return forum.poll_create(actor=world.supervisor.user, question="Setuju matriks?", options=["Ya", "Tidak"],
                             closes_at=timezone.now() + timedelta(days=7), unit=world.division)


def _forum_body(method: str, template: str, world):
    division = str(world.division.public_id)
    bodies = {
        "/forum/topics": {"kind": "proposal", "unit": division, "title": "Usulan baru", "body": "Isi usulan baru."},
        "/forum/topics/{topic_id}/comments": {"body": "Komentar matriks."},
        "/forum/topics/{topic_id}/answer": {"status": "accepted", "text": "Diterima."},
        "/forum/polls": {"question": "Rapat daring?", "options": ["Ya", "Tidak"], "unit": division,
                         "closes_at": (timezone.now() + timedelta(days=7)).isoformat()},
        "/forum/polls/{poll_id}/vote": {"option": 1},
    }
    return bodies.get(template, {} if method == "POST" else None)


_TARGETS.update({"forum_topic": _forum_topic, "forum_poll": _forum_poll})
_FORUM_SEES = _att("404", employee="2xx", peer="2xx", supervisor="2xx", hr_admin="2xx", executive="2xx")
POLICY.update({
    ("GET", "/forum/topics"): {None: _READ_ALL},
    # the body names the division: a forum of the chain of the employee, the peer and its head only
    ("POST", "/forum/topics"): {None: _att("422", employee="2xx", peer="2xx", supervisor="2xx", superadmin="403")},
    ("GET", "/forum/topics/{topic_id}"): {"forum_topic": _FORUM_SEES},
    ("POST", "/forum/topics/{topic_id}/comments"): {"forum_topic": _FORUM_SEES},
    ("POST", "/forum/topics/{topic_id}/support"): {"forum_topic": {**_FORUM_SEES, "employee": "403"}},
    ("POST", "/forum/topics/{topic_id}/answer"): {
        "forum_topic": {**_FORUM_SEES, "employee": "403", "peer": "403", "hr_admin": "403"}},
    ("GET", "/forum/polls"): {None: _READ_ALL},
    ("POST", "/forum/polls"): {
        None: _att("403", supervisor="2xx", hr_admin="2xx", executive="2xx", other_pemda_admin="422")},
    ("GET", "/forum/polls/{poll_id}"): {"forum_poll": _FORUM_SEES},
    ("POST", "/forum/polls/{poll_id}/vote"): {"forum_poll": _FORUM_SEES},
})

# Known deviations of the code from POLICY, reported rather than written into it: strict xfail, so the fix shows.
KNOWN_DEVIATIONS: dict = {}


def _cases():
    for operation in _schema_operations():
        targets = POLICY.get(operation, {None: {}})
        for target in targets:
            for actor in ACTORS:
                deviation = KNOWN_DEVIATIONS.get((operation, target, actor))
                marks = [pytest.mark.xfail(strict=True, raises=AssertionError, reason=deviation)] if deviation else []
                yield pytest.param(operation, target, actor, marks=marks,
                                   id=f"{operation[0]} {operation[1]} {target or ''} {actor}")


def test_every_operation_has_a_policy():
    operations = set(_schema_operations())

    assert operations - set(POLICY) == set(), "add the new operation to POLICY"
    assert set(POLICY) - operations == set(), "POLICY names an operation that no longer exists"


def _status_class(status: int) -> str:
    return "2xx" if 200 <= status < 300 else str(status)



class _MatrixClient(ApiClient):
    """ApiClient with PUT (PUT /development/standards) and multipart POSTs (attendance uploads)."""

    def post(self, path: str, body=None, headers=None):
        if isinstance(body, Multipart):
            return self.client.post(API + path, dict(body), headers={**self.headers, **(headers or {})})
        return super().post(path, body, headers)

    def put(self, path: str, body=None):
        return self.client.put(API + path, json.dumps(body if body is not None else {}),
                               content_type="application/json", headers=self.headers)


@pytest.fixture(scope="module")
def module_world(module_world):
    """The world plus the Mamuju attendance officer (issue #12), built once for the module."""
    attendance_targets.add_attendance_officer(module_world)
    return module_world


@pytest.fixture
def world(shared_world):
    return shared_world


@pytest.mark.parametrize(("operation", "target", "actor"), list(_cases()))
def test_matrix(client, world, operation, target, actor):
    method, template = operation
    assert operation in POLICY, f"no policy for {method} {template}"
    # given the actor (anonymous has no token) and the target object in the path
    user = None if actor == "anonymous" else getattr(world, actor)
    api_client = _MatrixClient(client, make_token(user) if user is not None else None)
    path = _path(template, target, world)

    # when the actor calls the operation
    response = api_client.request(method, path, _body(method, template, world))

    # then the status class is the policy's, and every answer has the envelope or the resource
    expected = POLICY[operation][target][actor]
    assert _status_class(response.status_code) == expected, (response.status_code, response.content[:300])
    if response.status_code >= 400:
        assert set(response.json()) == {"code", "message", "extra"}


@pytest.mark.parametrize("actor", sorted(VISIBLE_EMPLOYEES))
def test_employee_list_ids_match_the_policy(client, world, actor):
    api_client = ApiClient(client, make_token(getattr(world, actor)))

    response = api_client.get("/employees", {"active": "all", "limit": 100})

    expected = {str(getattr(world, name).public_id) for name in VISIBLE_EMPLOYEES[actor]}
    assert {item["id"] for item in response.json()["items"]} == expected
