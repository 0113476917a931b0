"""Every numeric and date input is bounded: out-of-range input is a 422 with field errors, never a 500 (issue #8 §7)."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from pamong.core.schemas import DAY_PATTERN
from pamong.performance.models import Evidence, Realisation, SkpIndicator
from pamong.performance.tests.api.conftest import REPORTING, agreed, ok
from pamong.performance.tests.views import scenario

pytestmark = pytest.mark.django_db

HUGE = ["1E+1000000", "-1E+1000000", "1e3", "NaN", "Infinity", "12.345", "1234567890123", 1e308]


@pytest.fixture
def plan(world, api_as):
    return agreed(api_as, world.employee, world.supervisor)


def _report(api_as, world, plan, **body):
    indicator = plan["results"][0]["indicators"][0]["id"]
    with time_machine.travel(REPORTING, tick=False):
        return api_as(world.employee).post(f"/performance/plans/{plan['id']}/realisations",
                                           {"indicator_id": indicator, "period": "2026-01", **body})


@pytest.mark.parametrize("value", HUGE)
def test_an_out_of_range_realisation_value_is_a_422_on_the_field(world, api_as, plan, value):
    response = _report(api_as, world, plan, value=value)

    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["extra"]["fields"]) == ["value"]
    assert Realisation.objects.count() == 0


@pytest.mark.parametrize("value", ["1E+1000000", "NaN", "-1"])
def test_an_out_of_range_evidence_figure_or_target_is_a_422(world, api_as, plan, value):
    figure = _report(api_as, world, plan, value="10", evidence=[{"kind": "number", "number": value}])
    result = plan["results"][0]["id"]
    target = api_as(world.employee).post(f"/performance/results/{result}/indicators",
                                         {"name": "x", "aspect": "quantity", "target_value": value, "unit": "x"})

    if value != "-1":  # a negative figure is a figure; a negative target is not
        assert figure.status_code == 422, figure.content
        assert list(figure.json()["extra"]["fields"]) == ["evidence.0.number"]
        assert Evidence.objects.count() == 0
    assert target.status_code == 422, target.content
    assert list(target.json()["extra"]["fields"]) == ["target_value"]
    assert SkpIndicator.objects.count() == 1


@pytest.mark.parametrize("value", ["999999999999.99", -999999999999.99, "0.5", 12])
def test_the_largest_stored_amounts_are_accepted(world, api_as, plan, value):
    response = _report(api_as, world, plan, value=value)

    realisation = ok(response, 201)
    assert Decimal(realisation["value"]) == Decimal(str(value))


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2201-01-01"])
def test_a_date_outside_1900_2200_is_a_422(world, api_as, day):
    response = api_as(world.employee).post("/leave/quote", {"leave_type": "CT", "start_date": day, "end_date": day})

    assert response.status_code == 422, response.content
    assert "start_date" in response.json()["extra"]["fields"]


def test_the_schema_states_the_bounds(world, api_as):
    from pamong.api.tests.conftest import make_token

    schema = api_as(None).client.get("/api/v1/openapi.json",
                                     headers={"Authorization": f"Bearer {make_token(world.hr_admin)}"}).json()
    components = schema["components"]["schemas"]
    value = components["RealisationIn"]["properties"]["value"]
    number, text = value["anyOf"]
    assert number["maximum"] == 999999999999.99
    assert number["minimum"] == -999999999999.99
    assert text["pattern"] == r"^-?\d{1,12}(\.\d{1,2})?$"
    assert components["IndicatorCreateIn"]["properties"]["target_value"]["anyOf"][0]["minimum"] == 0
    assert components["LeaveApplicationIn"]["properties"]["start_date"]["pattern"] == DAY_PATTERN


@pytest.mark.parametrize("value", ["1E+1000000", "NaN", "1e20"])
def test_the_html_realisation_form_refuses_an_out_of_range_value(world, login, value):
    with scenario.at(scenario.DRAFTED):
        skp = scenario.agreed(world.employee, world.supervisor)
    indicator = SkpIndicator.objects.get(result__skp=skp)
    client = login(world.employee)

    with scenario.at(scenario.REALISED):
        response = client.post(reverse("performance:realise", args=[skp.public_id]),
                               {"indicator": indicator.public_id, "period": "2026-01", "value": value})

    assert response.status_code == 422
    assert Realisation.objects.count() == 0


# --- HTML forms: every date field of every form is bounded to the years the API accepts -------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"])
def test_html_forms_refuse_dates_outside_1900_2200(world, day):
    from pamong.leave.forms import LeaveApplyForm
    from pamong.people.forms import DeactivateForm, FamilyForm

    deactivate = DeactivateForm({"reason": "retired", "end_date": day})
    family = FamilyForm({"relation": "child", "name": "Nur", "birth_date": day, "gender": "f"},
                        employee=world.employee, actor=world.hr_admin.user)
    apply = LeaveApplyForm({"leave_type": "CT", "start_date": "2026-07-06", "end_date": day},
                           employee=world.employee, with_files=False)

    for form, field in ((deactivate, "end_date"), (family, "birth_date"), (apply, "end_date")):
        assert not form.is_valid()
        assert form.errors[field][0] == "Tahun harus antara 1900 dan 2200.", form.errors


def test_a_date_input_tells_the_browser_its_format(world):
    # A typed dd-mm-yyyy text box (pamong.core.forms.DateInput): the range is the server's check (above).
    from pamong.people.forms import DeactivateForm

    html = str(DeactivateForm()["end_date"])

    assert 'type="text"' in html
    assert 'placeholder="dd-mm-yyyy"' in html
    assert "pattern=" in html


def test_hr_cannot_record_a_leaving_date_in_the_year_9999(world, login):
    client = login(world.hr_admin)

    response = client.post(reverse("people:employee-deactivate", args=[world.peer.public_id]),
                           {"reason": "retired", "end_date": "9999-12-31"})

    assert response.status_code == 422
    world.peer.refresh_from_db()
    assert world.peer.end_date is None


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_a_non_finite_json_number_is_refused_in_indonesian(world, api_as, plan, value):
    # Python's JSON reader accepts the bare literals NaN and Infinity; they are no amounts.
    indicator = plan["results"][0]["indicators"][0]["id"]
    raw = f'{{"indicator_id": "{indicator}", "period": "2026-01", "value": {value}}}'
    with time_machine.travel(REPORTING, tick=False):
        response = api_as(world.employee).post(f"/performance/plans/{plan['id']}/realisations", raw)

    assert response.status_code == 422, response.content
    assert response.json()["extra"]["fields"]["value"] == ["Masukkan angka."]
    assert Realisation.objects.count() == 0


def test_the_schema_states_the_layouts_the_services_check():
    import re

    from pamong.api.urls import api
    from pamong.performance.rules import is_valid_period

    components = api.get_openapi_schema(path_prefix="/api/v1/")["components"]["schemas"]
    period = components["RealisationIn"]["properties"]["period"]["pattern"]
    for code in ("2026", "2026-01", "2026-12", "2026-Q4", "2026-S2", "2026-13", "2026-Q5", "26-01", "2026-1"):
        assert bool(re.fullmatch(period.strip("^$"), code)) is is_valid_period(code), code
    assert components["EmployeeCreateIn"]["properties"]["nip"]["pattern"] == "^[0-9]{18}$"
    assert components["EmployeeUpdateIn"]["properties"]["nik"]["pattern"] == "^([0-9]{16})?$"
