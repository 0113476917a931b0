"""HTML routes of the leave context, app_name "leave".

Three route modules, one per area: the employee's pages (views.py), the
approvers' and HR's pages (manage_views.py), and documents and reports
(report_views.py).
"""

from .employee_urls import urlpatterns as employee_urlpatterns
from .manage_urls import urlpatterns as manage_urlpatterns
from .report_urls import urlpatterns as report_urlpatterns

app_name = "leave"
urlpatterns = employee_urlpatterns + manage_urlpatterns + report_urlpatterns
