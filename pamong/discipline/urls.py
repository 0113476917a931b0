"""HTML routes of the discipline context, app_name "discipline" (mounted at /discipline/)."""

from .case_urls import urlpatterns as case_urlpatterns
from .effect_urls import urlpatterns as effect_urlpatterns

app_name = "discipline"
urlpatterns = case_urlpatterns + effect_urlpatterns
