"""Staff routes of complaints (/complaints/…): the inbox, staff entry, a complaint's page and its steps, the overdue
list, the recap and the agency's service levels."""

from django.urls import path

from . import complaint_views as views

app_name = "complaints"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.enter, name="enter"),
    path("overdue/", views.overdue, name="overdue"),
    path("recap/", views.recap, name="recap"),
    path("service-levels/", views.service_levels, name="service-levels"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/contact/", views.contact, name="contact"),
    path("<uuid:public_id>/classify/", views.classify, name="classify"),
    path("<uuid:public_id>/reply/", views.reply, name="reply"),
    path("<uuid:public_id>/answer/", views.answer, name="answer"),
    path("<uuid:public_id>/close/", views.close, name="close"),
    path("<uuid:public_id>/reopen/", views.reopen, name="reopen"),
    path("<uuid:public_id>/discipline/", views.discipline, name="discipline"),
]
