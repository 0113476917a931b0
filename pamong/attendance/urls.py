"""HTML routes of the attendance context, app_name "attendance" (mounted at /attendance/).

One module of routes per sub-domain, composed here."""

from .absence_urls import urlpatterns as absence_urlpatterns
from .correction_urls import urlpatterns as correction_urlpatterns
from .day_urls import urlpatterns as day_urlpatterns
from .import_urls import urlpatterns as import_urlpatterns
from .month_urls import urlpatterns as month_urlpatterns

app_name = "attendance"
urlpatterns = absence_urlpatterns + day_urlpatterns + import_urlpatterns + correction_urlpatterns + month_urlpatterns
