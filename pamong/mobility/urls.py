"""HTML routes of the mobility context, app_name "mobility" (mounted at /mobility/). One module per sub-domain."""

from .list_urls import urlpatterns as list_urlpatterns
from .placement_urls import urlpatterns as placement_urlpatterns
from .workload_urls import urlpatterns as workload_urlpatterns

app_name = "mobility"
urlpatterns = [*workload_urlpatterns, *placement_urlpatterns, *list_urlpatterns]
