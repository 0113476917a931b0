"""HTML routes of attendance corrections (app "attendance")."""

from django.urls import path

from . import correction_views as views

urlpatterns = [
    path("corrections/", views.correction_list_view, name="correction-list"),
    path("corrections/new/", views.correction_create, name="correction-create"),
    path("corrections/<uuid:public_id>/", views.correction_detail, name="correction-detail"),
    path("corrections/<uuid:public_id>/decide/", views.correction_decide, name="correction-decide"),
    path("corrections/<uuid:public_id>/withdraw/", views.correction_withdraw, name="correction-withdraw"),
    path("corrections/<uuid:public_id>/document/", views.correction_document, name="correction-document"),
]
