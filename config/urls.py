from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from pamong.api.urls import api


def _superadmin_only(request) -> bool:
    # Django admin is for platform superadmins only; HR works in the app.
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superadmin_only
admin.site.site_header = "Pamong — superadmin"

urlpatterns = [
    path("", include("pamong.people.urls")),
    path("accounts/", include("pamong.accounts.urls")),
    path("audit/", include("pamong.audit.urls")),
    path("leave/", include("pamong.leave.urls")),
    path("performance/", include("pamong.performance.urls")),
    path("hr/self-changes/", include("pamong.personnel_changes.urls")),
    # Letter numbering (HR) and the public verification page the QR code on each letter opens.
    path("", include("pamong.letters.urls")),
    path("api/v1/", api.urls),
    # The language switch is on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
