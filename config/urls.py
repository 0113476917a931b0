from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import resolve_url
from django.urls import include, path
from django.views.i18n import set_language

from pamong.api.urls import api


def _superadmin_only(request) -> bool:
    # Django admin is for platform superadmins only; HR works in the app.
    return request.user.is_active and request.user.is_superuser


def _admin_login(request, extra_context=None):
    # One sign-in for everyone: the app's, with its per-address throttle and the second factor.
    return redirect_to_login(request.get_full_path(), resolve_url("accounts:login"))


admin.site.has_permission = _superadmin_only
admin.site.site_header = "Pamong — superadmin"
admin.site.login = _admin_login

urlpatterns = [
    path("", include("pamong.people.urls")),
    # The executive's cockpit and the workforce statistics (pamong/people/cockpit_urls.py).
    path("", include("pamong.people.cockpit_urls")),
    path("accounts/", include("pamong.accounts.urls")),
    path("audit/", include("pamong.audit.urls")),
    path("leave/", include("pamong.leave.urls")),
    path("performance/", include("pamong.performance.urls")),
    path("development/", include("pamong.development.urls")),
    path("attendance/", include("pamong.attendance.urls")),
    path("discipline/", include("pamong.discipline.urls")),
    path("mobility/", include("pamong.mobility.urls")),
    path("feedback/", include("pamong.feedback.urls")),
    path("forum/", include("pamong.forum.urls")),
    path("hr/self-changes/", include("pamong.personnel_changes.urls")),
    # The public satisfaction survey a service point's QR code opens (anonymous; pamong/feedback/public_views.py).
    path("skm/", include("pamong.feedback.public_urls")),
    path("pengaduan/", include("pamong.feedback.complaint_public_urls")),
    path("complaints/", include("pamong.feedback.complaint_urls")),
    # Letter numbering (HR) and the public verification page the QR code on each letter opens.
    path("", include("pamong.letters.urls")),
    path("api/v1/", api.urls),
    # The language switch is on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

# A database that went away is a 503 to retry, and the API answers in its JSON envelope (pamong.core.views).
handler500 = "pamong.core.views.server_error"
