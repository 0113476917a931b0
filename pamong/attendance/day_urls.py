"""HTML routes of attendance days, official duties and settings (composed by urls.py)."""

from django.urls import path

from . import day_views, duty_views, settings_views

urlpatterns: list = [
    path("days/", day_views.my_month, name="my-month"),
    path("days/record/", day_views.day_record, name="day-record"),
    path("days/unit/", day_views.unit_month, name="unit-month"),
    path("employees/<uuid:public_id>/days/", day_views.employee_month, name="employee-month"),
    path("duties/", duty_views.duty_list, name="duty-list"),
    path("duties/new/", duty_views.duty_create, name="duty-create"),
    path("duties/<uuid:public_id>/cancel/", duty_views.duty_cancel_view, name="duty-cancel"),
    path("duties/<uuid:public_id>/letter/", duty_views.duty_document, name="duty-document"),
    path("settings/", settings_views.settings_page, name="settings"),
    path("settings/schedules/", settings_views.schedule_list, name="schedule-list"),
    path("settings/schedules/new/", settings_views.schedule_create, name="schedule-create"),
    path("settings/schedules/<uuid:public_id>/", settings_views.schedule_edit, name="schedule-edit"),
    path("settings/schedules/units/", settings_views.schedule_assign, name="schedule-assign"),
    path("settings/ramadan/", settings_views.ramadan_list, name="ramadan-list"),
    path("settings/ramadan/<int:pk>/delete/", settings_views.ramadan_delete, name="ramadan-delete"),
]
