"""The radio forms of the performance module, clicked through their labels in Chromium at 1366 and 390 px
(issue #9: the choices overlapped and a supervisor could record the wrong rating): the rating form (each of
the three levels on both scales), the SKP agreement form (both answers) and the objection decision (both
answers), each checked in the database afterwards.

The performance demo (``seed_performance_demo``, about 2 s) is added to the seeded server once; the rows a
round needs beyond it (an SKP awaiting agreement, an objection, a rating undone for the next round) are
written through the server's own ``manage.py shell`` and the services.
"""

import json
import os
import re
import subprocess
import sys
import uuid
from datetime import date, timedelta

import pytest

from .conftest import ROOT, LiveServer, log_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _env(server: LiveServer) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local",
           "PAMONG_VAR_DIR": str(server.db_path.parent), "DEBUG": "False", "PAMONG_INLINE_TASKS": "eager"}
    env.pop("DATABASE_URL", None)
    return env


def shell(server: LiveServer, code: str) -> dict:
    """Run *code* in the server's ``manage.py shell``; it prints one JSON object on its last line."""
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=_env(server),
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def performance(live_pamong):
    subprocess.run([sys.executable, "manage.py", "seed_performance_demo", "--seed", "7"], cwd=ROOT,
                   env=_env(live_pamong), check=True, stdout=subprocess.DEVNULL)
    return live_pamong


def _open_period(today: date) -> str | None:
    """The month whose evaluation window is open today: from its last day to 14 days after (rules.py)."""
    if (today + timedelta(days=1)).month != today.month:
        return today.strftime("%Y-%m")
    if today.day <= 14:
        return (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    return None


def _login(page, server: LiveServer, username: str) -> None:
    page.context.clear_cookies()
    has_totp = server.query(
        "SELECT COUNT(*) FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
        "WHERE u.username = ? AND d.confirmed", (username,))[0][0]
    log_in(page, server, username, with_totp=bool(has_totp))


def _employee(server: LiveServer, role: str) -> tuple[int, str]:
    return server.query(
        "SELECT e.id, e.nip FROM people_employee e JOIN accounts_user u ON u.id = e.user_id WHERE u.username = ?",
        (server.demo_username(role),))[0]


def _overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def _assert_group_laid_out(page, name: str) -> None:
    """Every option of the group on its own: no two labels overlap, no input lies on another option's label."""
    radios = page.locator(f"input[type=radio][name='{name}']")
    options = []
    for index in range(radios.count()):
        radio = radios.nth(index)
        label = page.locator(f"label[for='{radio.get_attribute('id')}']")
        assert label.count() == 1
        options.append((radio.bounding_box(), label.bounding_box()))
    assert len(options) >= 2
    for i, (radio, label) in enumerate(options):
        for j, (_other_radio, other_label) in enumerate(options):
            if i != j:
                assert not _overlap(label, other_label), (name, i, j)
                assert not _overlap(radio, other_label), (name, i, j)


def _pick(page, name: str, value: str) -> None:
    """Click the label of one option (what a person does) and check that exactly that option is now chosen."""
    _assert_group_laid_out(page, name)
    radio = page.locator(f"input[type=radio][name='{name}'][value='{value}']")
    label = page.locator(f"label[for='{radio.get_attribute('id')}']")
    assert label.count() == 1
    label.scroll_into_view_if_needed()
    box = label.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= page.viewport_size["width"]  # no label runs off a phone screen
    label.click()
    assert radio.is_checked()
    others = page.locator(f"input[type=radio][name='{name}']:checked")
    assert others.count() == 1


RATING_ROUNDS = {
    "desktop": (DESKTOP, [("below", "below"), ("meets", "meets"), ("above", "above")]),
    "phone": (PHONE, [("below", "above"), ("above", "meets"), ("meets", "below")]),
}


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_rating_form_saves_the_level_picked_on_each_scale(page, performance, width):
    viewport, rounds = RATING_ROUNDS[width]
    period = _open_period(date.today())
    if period is None:
        pytest.skip("no monthly evaluation window is open today (from a month's last day to 14 days after)")
    employee_id, _nip = _employee(performance, "employee")
    (skp_id,) = performance.query(
        "SELECT public_id FROM performance_skp WHERE employee_id = ? AND year = ? AND status = 'approved'",
        (employee_id, int(period[:4])))[0]
    skp_uuid = str(uuid.UUID(skp_id))
    page.set_viewport_size(viewport)
    _login(page, performance, performance.demo_username("supervisor"))
    undo = ("from pamong.performance.models import Evaluation; import json; "
            f"n, _ = Evaluation.objects.filter(employee_id={employee_id}, period='{period}').delete(); "
            "print(json.dumps({'deleted': n}))")
    shell(performance, undo)  # the demo leaves the supervisor's team to rate; a rerun starts clean too

    for work, behaviour in rounds:
        page.goto(f"{performance.url}/performance/plans/{skp_uuid}/rate/?period={period}")
        page.wait_for_selector("#rating-form")
        _pick(page, "work_result", work)
        _pick(page, "behaviour", behaviour)
        page.wait_for_selector("#predikat-value[data-predikat]")  # the htmx preview followed the picks
        page.locator("#rating-form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/performance/evaluations/[0-9a-f-]{36}/$"))

        saved = performance.query(
            "SELECT work_result, behaviour FROM performance_evaluation WHERE employee_id = ? AND period = ?",
            (employee_id, period))
        assert saved == [(work, behaviour)]
        shell(performance, undo)


def _submitted_plan(server: LiveServer, year: int) -> str:
    employee_id, _nip = _employee(server, "employee")
    return shell(server, f"""
import json
from decimal import Decimal
from pamong.people.models import Employee
from pamong.performance import services
from pamong.performance.models import Skp
employee = Employee.objects.get(pk={employee_id})
skp = Skp.objects.filter(employee=employee, year={year}).first()
if skp is None:
    skp = services.skp_create(actor=employee.user, employee=employee, year={year})
    result = services.skp_result_add(actor=employee.user, skp=skp, text="Pembelajaran peserta didik terlaksana")
    services.skp_indicator_add(actor=employee.user, result=result, name="Persentase RPP lengkap",
                               aspect="quantity", target_value=Decimal("100"), unit="%")
if skp.status != "submitted":
    skp = services.skp_submit(actor=employee.user, skp=skp)
print(json.dumps({{"skp": str(skp.public_id)}}))
""")["skp"]


@pytest.mark.parametrize(("width", "year"), [("desktop", date.today().year + 1), ("phone", date.today().year + 2)])
def test_the_agreement_form_saves_each_answer(page, performance, width, year):
    viewport = DESKTOP if width == "desktop" else PHONE
    skp = _submitted_plan(performance, year)
    page.set_viewport_size(viewport)
    supervisor = performance.demo_username("supervisor")
    _login(page, performance, supervisor)

    # Ask for changes, with the reason.
    page.goto(f"{performance.url}/performance/plans/{skp}/")
    _pick(page, "review-outcome", "reject")
    page.fill("textarea[name='review-reason']", "Target RPP perlu dirinci per semester")
    page.locator("#plan-review-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert performance.query("SELECT status, supervisor_comment FROM performance_skp WHERE public_id = ?",
                             (uuid.UUID(skp).hex,)) == [("changes_requested", "Target RPP perlu dirinci per semester")]

    # The employee sends it again; this time the supervisor agrees.
    assert _submitted_plan(performance, year) == skp
    page.goto(f"{performance.url}/performance/plans/{skp}/")
    _pick(page, "review-outcome", "approve")
    page.locator("#plan-review-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert performance.query("SELECT status FROM performance_skp WHERE public_id = ?",
                             (uuid.UUID(skp).hex,)) == [("approved",)]


def _objection_for_the_unit_head(server: LiveServer, period: str) -> str:
    """An objection awaiting the demo unit head: the demo's own, or a new one on a rating given today by one
    of the unit head's direct reports (PP 30/2019 Pasal 59: the appraiser's supervisor decides)."""
    unit_head_id, _nip = _employee(server, "unit_head")
    return shell(server, f"""
import json
from pamong.core.errors import DomainError
from pamong.people.models import Employee
from pamong.people.selectors import supervisor_of
from pamong.performance import services
from pamong.performance.models import Evaluation, Objection, Skp
head = Employee.objects.get(pk={unit_head_id})
pending = [o for o in Objection.objects.filter(status="pending").select_related("evaluation__skp__appraiser")
           if (boss := supervisor_of(o.evaluation.skp.appraiser)) is not None and boss.pk == head.pk]
objection = pending[0] if pending else None
for skp in Skp.objects.filter(status="approved", year={period[:4]}, appraiser__isnull=False).order_by("pk"):
    if objection is not None:
        break
    boss = supervisor_of(skp.appraiser)
    if boss is None or boss.pk != head.pk or Evaluation.objects.filter(skp=skp, period="{period}").exists():
        continue
    try:
        evaluation = services.evaluation_record(actor=skp.appraiser.user, skp=skp, period="{period}",
                                                work_result="below", behaviour="below")
    except DomainError:
        continue
    objection = services.objection_submit(actor=skp.employee.user, evaluation=evaluation,
                                          text="Bukti dukung saya belum dipertimbangkan.")
print(json.dumps({{"evaluation": str(objection.evaluation.public_id), "objection": str(objection.public_id)}}))
""")["evaluation"]


@pytest.mark.parametrize(("width", "answer"), [("desktop", "reject"), ("phone", "uphold")])
def test_the_objection_decision_saves_each_answer(page, performance, width, answer):
    period = _open_period(date.today())
    if period is None:
        pytest.skip("no monthly evaluation window is open today, so no rating can be objected to")
    evaluation = _objection_for_the_unit_head(performance, period)
    page.set_viewport_size(DESKTOP if width == "desktop" else PHONE)
    _login(page, performance, performance.demo_username("unit_head"))

    page.goto(f"{performance.url}/performance/evaluations/{evaluation}/")
    _pick(page, "decision-decision_kind", answer)
    if answer == "uphold":
        page.select_option("select[name='decision-work_result']", "meets")
        page.select_option("select[name='decision-behaviour']", "above")
    page.fill("textarea[name='decision-decision']", "Bukti dukung telah diperiksa kembali.")
    page.locator("#decision-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    status, work, behaviour = performance.query(
        "SELECT o.status, e.work_result, e.behaviour FROM performance_objection o "
        "JOIN performance_evaluation e ON e.id = o.evaluation_id WHERE e.public_id = ?",
        (uuid.UUID(evaluation).hex,))[0]
    if answer == "uphold":
        assert (status, work, behaviour) == ("upheld", "meets", "above")
    else:
        assert status == "rejected"
