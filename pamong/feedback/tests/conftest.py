import pytest

from pamong.feedback.tests.factories import SurveyPeriodFactory


@pytest.fixture
def semester(world):
    """Semester I 2027 of Kabupaten Mamuju (WITA, Asia/Makassar), open."""
    return SurveyPeriodFactory(pemda=world.pemda, created_by=world.hr_admin.user)


@pytest.fixture
def easy_public_forms(settings):
    """The public forms' proof of work at 4 bits (the tests solve it in Python) and their per-address limits
    counted from zero (the cache), for the modules that post the public forms."""
    from django.core.cache import cache

    settings.PAMONG_FEEDBACK_POW_BITS = 4
    cache.clear()
    yield
    cache.clear()
