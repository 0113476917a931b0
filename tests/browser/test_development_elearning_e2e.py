"""An enrolled learner takes an e-learning course in Chromium at 1366 and 390 px: opens the course, marks each
lesson done, passes the quiz (radio buttons clicked through their labels), sees the completion and downloads the
certificate; checked in the database afterwards (enrolment completed, exactly one verified JP record).

The course (two lessons, two single-choice questions whose right answer reads "Benar") and the two learners'
approved enrolments are written through the server's own ``manage.py shell`` and the services.
"""

import pytest
from playwright.sync_api import expect

from .conftest import LiveServer, log_in
from .test_performance_forms_e2e import DESKTOP, PHONE, shell

pytestmark = pytest.mark.browser

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from pamong.development.choices import ActivityForm, ActivityMode, ActivityStatus, EnrolmentStatus
from pamong.development.models import Enrolment, LearningActivity
from pamong.development.services import elearning as svc
from pamong.people.models import Employee
users = get_user_model().objects
hr = users.get(username="{hr}")
activity = LearningActivity.objects.create(pemda_id=hr.pemda_id, title="Etika ASN (e-learning)", jp=3,
    mode=ActivityMode.NON_CLASSICAL, form=ActivityForm.E_LEARNING, status=ActivityStatus.OPEN, created_by=hr)
course = svc.course_save(actor=hr, activity=activity, data=svc.CourseInput(passing_score=100, max_attempts=2,
    questions_per_attempt=2, min_minutes=0))
svc.lesson_save(actor=hr, course=course, data=svc.LessonInput(title="Nilai dasar", kind="text",
    body="Berorientasi pelayanan.\\nAkuntabel.", minutes=5))
svc.lesson_save(actor=hr, course=course, data=svc.LessonInput(title="Bacaan lanjutan", kind="link",
    url="https://example.org/etika", minutes=5))
for n in (1, 2):
    svc.question_save(actor=hr, course=course, data=svc.QuestionInput(text=f"Pertanyaan {{n}}?", kind="single",
        choices=[svc.ChoiceInput("Salah satu", False), svc.ChoiceInput("Benar", True), svc.ChoiceInput("Keliru", False)]))
svc.course_publish(actor=hr, course=course)
for username in {learners!r}:
    employee = Employee.objects.get(user__username=username)
    Enrolment.objects.create(pemda_id=hr.pemda_id, activity=activity, employee=employee,
        status=EnrolmentStatus.APPROVED, requested_by=employee.user, decided_at=timezone.now())
print(json.dumps({{"activity": str(activity.public_id), "activity_id": activity.pk}}))
"""


@pytest.fixture(scope="module")
def course(live_pamong):
    learners = [live_pamong.demo_username("employee"), live_pamong.demo_username("supervisor")]
    data = shell(live_pamong, SETUP.format(hr=live_pamong.demo_username("hr_admin"), learners=learners))
    return {**data, "learners": dict(zip(["desktop", "phone"], learners, strict=True))}


def _login(page, server: LiveServer, username: str) -> None:
    page.context.clear_cookies()
    has_totp = server.query(
        "SELECT COUNT(*) FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
        "WHERE u.username = ? AND d.confirmed", (username,))[0][0]
    log_in(page, server, username, with_totp=bool(has_totp))


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_learner_completes_the_course_and_downloads_the_certificate(page, live_pamong, course, width):
    page.set_viewport_size(DESKTOP if width == "desktop" else PHONE)
    username = course["learners"][width]
    _login(page, live_pamong, username)
    page.goto(f"{live_pamong.url}/development/learn/{course['activity']}/")
    # Every click below loads a new page; expect() waits for it (count() and is_visible() would read the old or
    # half-parsed one).
    page.locator("#course-lessons a").first.click()
    expect(page.locator("#lesson-content")).to_contain_text("Akuntabel")
    page.locator("#lesson-done").click()  # → the next lesson
    expect(page.locator("#lesson-link")).to_have_attribute("target", "_blank")
    page.locator("#lesson-done").click()  # → back to the course
    expect(page.locator("#course-lessons [data-done]")).to_have_count(2)
    expect(page.locator("#course-progress")).to_have_attribute("value", "100")
    page.locator("#start-quiz").click()
    fieldsets = page.locator("#quiz-form fieldset")
    expect(fieldsets).to_have_count(2)
    for index in range(fieldsets.count()):
        label = fieldsets.nth(index).locator("label", has_text="Benar")
        label.scroll_into_view_if_needed()
        box = label.bounding_box()
        assert box["x"] + box["width"] <= page.viewport_size["width"]
        label.click()
        assert fieldsets.nth(index).locator("input:checked").count() == 1
    page.locator("#submit-quiz").click()
    expect(page.locator("#quiz-passed")).to_be_visible()
    page.locator("#back-to-course").click()
    expect(page.locator("#course-completed")).to_be_visible()
    with page.expect_download() as download:
        page.locator("#certificate-link").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    rows = live_pamong.query(
        "SELECT e.status, e.verification_code, e.certificate_jp FROM development_enrolment e "
        "JOIN people_employee p ON p.id = e.employee_id JOIN accounts_user u ON u.id = p.user_id "
        "WHERE u.username = ? AND e.activity_id = ?", (username, course["activity_id"]))
    assert rows[0][0] == "completed"
    assert rows[0][1]
    assert rows[0][2] == 3
    records = live_pamong.query(
        "SELECT COUNT(*), MIN(r.verified) FROM development_learningrecord r JOIN people_employee p "
        "ON p.id = r.employee_id JOIN accounts_user u ON u.id = p.user_id WHERE u.username = ? AND r.source = 'course'",
        (username,))
    assert records[0] == (1, 1)
