"""HTML routes of the leave context, app_name "leave".

Four route modules, one per area: the employee's pages (views.py), the
approvers' and HR's pages (manage_views.py), documents and reports
(report_views.py), and HR's register and "who is away" (register_views.py).
"""

from .employee_urls import urlpatterns as employee_urlpatterns
from .manage_urls import urlpatterns as manage_urlpatterns
from .register_urls import urlpatterns as register_urlpatterns
from .report_urls import urlpatterns as report_urlpatterns

app_name = "leave"
urlpatterns = employee_urlpatterns + manage_urlpatterns + report_urlpatterns + register_urlpatterns
