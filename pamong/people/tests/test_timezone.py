import pytest
from django.test import RequestFactory
from django.utils import timezone

from pamong.people.middleware import PemdaTimezoneMiddleware

pytestmark = pytest.mark.django_db


def test_requests_run_in_the_actors_pemda_time_zone(world):
    world.other_pemda.timezone = "Asia/Jayapura"
    world.other_pemda.save()
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        from django.http import HttpResponse

        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = world.other_pemda_admin.user
    PemdaTimezoneMiddleware(view)(request)
    assert seen["zone"] == "Asia/Jayapura"

    request.user = world.hr_admin.user
    PemdaTimezoneMiddleware(view)(request)
    assert seen["zone"] == "Asia/Makassar"
