"""The employee's leave pages: apply (with its live quote), my applications, one application, balance."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("apply/", views.apply, name="apply"),
    path("apply/quote/", views.apply_quote, name="apply-quote"),
    path("applications/", views.application_list, name="application-list"),
    path("applications/<uuid:public_id>/", views.application_detail, name="application-detail"),
    path("applications/<uuid:public_id>/cancel/", views.application_cancel, name="application-cancel"),
    path("attachments/<uuid:public_id>/download/", views.attachment_download, name="attachment-download"),
    path("balance/", views.balance, name="balance"),
]
