"""HTML routes of the mobility context, app_name "mobility" (mounted at /mobility/). One module per sub-domain."""

from .list_urls import urlpatterns as list_urlpatterns
from .mutation_urls import urlpatterns as mutation_urlpatterns
from .placement_urls import urlpatterns as placement_urlpatterns
from .promotion_urls import urlpatterns as promotion_urlpatterns
from .talent_urls import urlpatterns as talent_urlpatterns
from .workload_urls import urlpatterns as workload_urlpatterns

app_name = "mobility"
urlpatterns = [*workload_urlpatterns, *placement_urlpatterns, *list_urlpatterns, *talent_urlpatterns,
               *mutation_urlpatterns, *promotion_urlpatterns]
