from django.urls import path

from . import position_views, views

app_name = "people"
urlpatterns = [
    path("", views.home, name="home"),
    # Employees
    path("employees/", views.employee_list, name="employee-list"),
    path("employees/new/", views.employee_create, name="employee-create"),
    path("employees/<uuid:public_id>/", views.employee_detail, name="employee-detail"),
    path("employees/<uuid:public_id>/edit/", views.employee_edit, name="employee-edit"),
    path("employees/<uuid:public_id>/contact/", views.employee_contact_edit, name="employee-contact-edit"),
    path("employees/<uuid:public_id>/deactivate/", views.employee_deactivate, name="employee-deactivate"),
    path("employees/<uuid:public_id>/ranks/", views.rank_add, name="rank-add"),
    path("employees/<uuid:public_id>/positions/", views.position_assign, name="position-assign"),
    path("employees/<uuid:public_id>/education/", views.education_add, name="education-add"),
    path("employees/<uuid:public_id>/trainings/", views.training_add, name="training-add"),
    path("employees/<uuid:public_id>/family/", views.family_add, name="family-add"),
    path("employees/<uuid:public_id>/documents/", views.document_upload, name="document-upload"),
    path("documents/<uuid:public_id>/download/", views.document_download, name="document-download"),
    # Organisation
    path("organisation/", views.unit_list, name="unit-list"),
    path("organisation/units/new/", views.unit_create, name="unit-create"),
    path("organisation/units/<uuid:public_id>/", views.unit_detail, name="unit-detail"),
    path("organisation/units/<uuid:public_id>/edit/", views.unit_edit, name="unit-edit"),
    path("organisation/positions/", views.position_list, name="position-list"),
    path("organisation/positions/search/", position_views.position_search, name="position-search"),
    path("organisation/positions/new/", views.position_create, name="position-create"),
    path("organisation/positions/<uuid:public_id>/edit/", views.position_edit, name="position-edit"),
]

from .transfer_urls import urlpatterns as transfer_urlpatterns  # noqa: E402

urlpatterns += transfer_urlpatterns

from .activation_urls import urlpatterns as activation_urlpatterns  # noqa: E402

urlpatterns += activation_urlpatterns

from .privacy_urls import urlpatterns as privacy_urlpatterns  # noqa: E402

urlpatterns += privacy_urlpatterns
