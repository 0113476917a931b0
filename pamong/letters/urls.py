from django.urls import path

from . import views

app_name = "letters"
urlpatterns = [
    path("verify/<slug:token>/", views.verify, name="verify"),
    path("hr/letters/", views.letter_register, name="register"),
    path("hr/letters/schemes/", views.scheme_list, name="scheme-list"),
    path("hr/letters/schemes/new/", views.scheme_create, name="scheme-create"),
    path("hr/letters/schemes/preview/", views.scheme_preview, name="scheme-preview"),
    path("hr/letters/schemes/<uuid:public_id>/", views.scheme_edit, name="scheme-edit"),
]
