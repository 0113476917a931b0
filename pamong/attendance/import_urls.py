"""Routes of punch imports, machines and machine-user links (issue #12)."""

from django.urls import path

from . import import_views as views

urlpatterns = [
    path("imports/", views.import_list, name="import-list"),
    path("imports/new/", views.import_create, name="import-create"),
    path("imports/<uuid:public_id>/", views.import_detail, name="import-detail"),
    path("devices/", views.device_list, name="device-list"),
    path("devices/new/", views.device_create, name="device-create"),
    path("devices/<uuid:public_id>/edit/", views.device_edit, name="device-edit"),
    path("device-users/", views.mapping_list, name="mapping-list"),
    path("device-users/new/", views.mapping_create, name="mapping-create"),
    path("device-users/import/", views.mapping_import, name="mapping-import"),
    path("device-users/<int:pk>/delete/", views.mapping_delete, name="mapping-delete"),
]
