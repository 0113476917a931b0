"""get_FOO_display() answers as Django's does, in the active language, from labels built once."""

import pytest
from django.db import models
from django.utils import translation

from pamong.leave.choices import LeaveStatus
from pamong.leave.models import LeaveApplication
from pamong.people.choices import EmploymentStatus
from pamong.people.models import Employee


def _django_display(instance, name):
    return models.Model._get_FIELD_display(instance, instance._meta.get_field(name))


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("status", [*EmploymentStatus.values, "unknown", "", None])
def test_employee_status_matches_django_in_each_language(language, status):
    employee = Employee(status=status)
    with translation.override(language):
        assert employee.get_status_display() == _django_display(employee, "status")


def test_the_label_follows_the_language_of_the_request():
    application = LeaveApplication(status=LeaveStatus.APPROVED)
    with translation.override("en"):
        english = application.get_status_display()
        assert english == _django_display(application, "status")
    with translation.override("id"):
        indonesian = application.get_status_display()
        assert indonesian == _django_display(application, "status")

    assert english != indonesian
