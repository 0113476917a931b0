from django.urls import path

from . import views

app_name = "personnel_changes"
urlpatterns = [
    path("", views.change_list, name="list"),
    path("<uuid:public_id>/decide/", views.change_decide, name="decide"),
    path("<uuid:public_id>/cancel/", views.change_cancel, name="cancel"),
]
