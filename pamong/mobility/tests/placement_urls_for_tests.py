"""The project's URLs with the placement pages added to the mobility namespace (until the lead composes them)."""

from django.urls import include, path

from config import urls as project
from pamong.mobility import placement_urls
from pamong.mobility import urls as mobility

_names = {getattr(pattern, "name", None) for pattern in mobility.urlpatterns}
urlpatterns = [
    path("mobility/", include(([*mobility.urlpatterns,
                                *[p for p in placement_urls.urlpatterns if p.name not in _names]], "mobility"))),
    *[pattern for pattern in project.urlpatterns if str(getattr(pattern, "pattern", "")) != "mobility/"],
]
