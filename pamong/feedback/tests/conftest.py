import pytest

from pamong.feedback.tests.factories import SurveyPeriodFactory


@pytest.fixture
def semester(world):
    """Semester I 2027 of Kabupaten Mamuju (WITA, Asia/Makassar), open."""
    return SurveyPeriodFactory(pemda=world.pemda, created_by=world.hr_admin.user)
