"""Routes of the approvers' and HR's leave pages (included by leave/urls.py, app_name "leave")."""

from django.urls import path

from . import admin_views, bulk_views, notice_views
from . import manage_views as views

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("queue/approve-selected/", bulk_views.queue_approve_selected, name="queue-approve-selected"),
    path("applications/<uuid:public_id>/act/", views.application_act, name="application-act"),
    path("applications/<uuid:public_id>/revoke/", views.application_revoke, name="revoke"),
    path("calendar/", views.unit_calendar_month, name="unit-calendar"),
    path("holidays/", views.holidays, name="holidays"),
    path("holidays/prefill/", views.holidays_prefill, name="holidays-prefill"),
    path("holidays/add/", views.holiday_add, name="holiday-add"),
    path("holidays/<uuid:public_id>/remove/", views.holiday_remove, name="holiday-remove"),
    path("collective-leave-credits/", views.collective_credit, name="collective-credit"),
    path("acting/", views.acting_list, name="acting-list"),
    path("acting/new/", views.acting_create, name="acting-create"),
    path("acting/<uuid:public_id>/revoke/", views.acting_revoke, name="acting-revoke"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:notice_id>/open/", notice_views.notice_open, name="notice-open"),
    path("balances/opening/", admin_views.opening_balances, name="opening-balances"),
    path("routes/", admin_views.route_list, name="routes"),
    path("routes/new/", admin_views.route_create, name="route-create"),
    path("routes/<uuid:public_id>/edit/", admin_views.route_edit, name="route-edit"),
    path("routes/<uuid:public_id>/deactivate/", admin_views.route_deactivate, name="route-deactivate"),
]
