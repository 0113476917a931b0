"""Personal-data routes; appended to pamong.people.urls (app_name "people")."""

from django.urls import path

from . import privacy_views

urlpatterns = [
    path("me/data/", privacy_views.my_data, name="my-data"),
    path("me/data/export/", privacy_views.my_data_export, name="my-data-export"),
    path("me/data/corrections/new/", privacy_views.correction_create, name="correction-create"),
    path("corrections/", privacy_views.correction_list, name="correction-list"),
    path("corrections/<uuid:public_id>/", privacy_views.correction_detail, name="correction-detail"),
    path("corrections/<uuid:public_id>/decide/", privacy_views.correction_decide, name="correction-decide"),
    path("corrections/<uuid:public_id>/attachment/", privacy_views.correction_attachment,
         name="correction-attachment"),
    path("privacy/", privacy_views.privacy_notice, name="privacy-notice"),
]
