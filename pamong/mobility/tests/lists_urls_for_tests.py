"""The project's routes plus the BKPSDM lists and the promotions API, until the lead mounts them (helper C's tests).

The mobility namespace gets its routes and the list routes; a second NinjaAPI (own namespace) answers /api/v1/mobility/promotions/…
before the project's API, with a router built afresh (a ninja router belongs to one API).
"""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns
from pamong.api.errors import install_error_handlers
from pamong.api.urls import PamongApi, api_auth
from pamong.mobility import list_urls
from pamong.mobility import urls as mobility_urls
from pamong.mobility.api.promotions import build_router

test_api = PamongApi(title="Pamong API (mobility lists tests)", version="1-test", urls_namespace="api-mobility-lists",
                     auth=api_auth, docs_url=None, openapi_url=None)
install_error_handlers(test_api)
test_api.add_router("/mobility/", build_router())

_mobility = [item for item in project_urlpatterns if str(item.pattern) != "mobility/"]
urlpatterns = [
    path("api/v1/", test_api.urls),
    # the context's own routes (the menus may name them) and the lists (a duplicate once mounted is harmless)
    path("mobility/", include(([*mobility_urls.urlpatterns, *list_urls.urlpatterns], "mobility"))),
    *_mobility,
]
