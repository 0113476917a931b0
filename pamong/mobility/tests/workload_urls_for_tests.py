"""The project's routes plus the workload analysis (ABK) pages and API, until the lead mounts them (helper A's tests).

The mobility namespace gets the workload routes; a second NinjaAPI (own namespace) answers
/api/v1/mobility/workload/… before the project's API, with a router built afresh (a ninja router belongs to one API).
"""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns
from pamong.api.errors import install_error_handlers
from pamong.api.urls import PamongApi, api_auth
from pamong.mobility import workload_urls
from pamong.mobility.api.workload import build_router

test_api = PamongApi(title="Pamong API (workload tests)", version="1-test-workload",
                     urls_namespace="api-mobility-workload", auth=api_auth, docs_url=None, openapi_url=None)
install_error_handlers(test_api)
test_api.add_router("/mobility/", build_router())

_rest = [item for item in project_urlpatterns if str(item.pattern) != "mobility/"]
urlpatterns = [
    path("api/v1/", test_api.urls),
    path("mobility/", include((workload_urls.urlpatterns, "mobility"))),
    *_rest,
]
