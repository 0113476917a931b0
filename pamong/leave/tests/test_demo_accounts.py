"""`manage.py demo_accounts`: one table of every demo account (the Plt included), shown on the demo login page."""

import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from pamong.accounts.demo import FILE_NAME
from pamong.leave import demo
from pamong.people import demo as people_demo

from .test_demo import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    with time_machine.travel(TODAY, tick=False):
        people_demo.seed_demo(employees=60, seed=2)
        demo.seed_leave_demo(seed=1)
    return tmp_path


def _print() -> str:
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    return out.getvalue()


def test_every_role_and_the_plt_are_printed_once_in_one_table(seeded):
    output = _print()
    rows = demo.demo_account_rows()
    roles = [row["role"] for row in rows]
    assert roles[:4] == ["employee", "supervisor", "unit_head", "plt"]
    assert set(roles) == {*people_demo.ROLES, "plt"}
    for row in rows:
        assert output.count(f" {row['username']} ") == 1, row["username"]
    assert output.count(people_demo.DEMO_PASSWORD) == len(rows)
    # MFA roles carry their TOTP secret; the employee-side accounts have none.
    by_role = {row["role"]: row for row in rows}
    assert by_role["hr_admin"]["totp_secret"]
    assert by_role["hr_admin"]["totp_secret"] in output
    assert by_role["employee"]["totp_secret"] == ""
    assert "Plt " in by_role["plt"]["hint"]


def test_the_rows_are_published_owner_only_for_the_login_page(seeded):
    _print()
    path = seeded / FILE_NAME
    assert path.stat().st_mode & 0o077 == 0
    published = json.loads(path.read_text(encoding="utf-8"))
    assert [row["username"] for row in published] == [row["username"] for row in demo.demo_account_rows()]


def test_without_the_demo_agency_it_says_what_to_run(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    with pytest.raises(CommandError, match="seed_demo"):
        _print()
    assert not (tmp_path / FILE_NAME).exists()


def test_the_login_page_lists_them_only_in_the_demo(seeded, client, monkeypatch):
    _print()
    hr = next(row for row in demo.demo_account_rows() if row["role"] == "hr_admin")

    monkeypatch.delenv("PAMONG_DEMO", raising=False)
    page = client.get("/accounts/login/").content.decode()
    assert hr["username"] not in page
    assert people_demo.DEMO_PASSWORD not in page

    monkeypatch.setenv("PAMONG_DEMO", "1")
    page = client.get("/accounts/login/").content.decode()
    assert 'id="demo-accounts"' in page
    assert hr["username"] in page
    assert people_demo.DEMO_PASSWORD in page
    assert hr["totp_secret"] in page
