"""HTML routes of the development context: e-learning pages (composed by urls.py).

``course-home`` takes the activity's public id, so the catalogue links to a course without knowing it."""

from django.urls import path

from . import course_views as views

urlpatterns: list = [
    # HR: the editor (by the activity, then by the course)
    path("activities/<uuid:public_id>/course/", views.course_edit, name="course-edit"),
    path("activities/<uuid:public_id>/course/import/", views.course_import, name="course-import"),
    path("courses/<uuid:public_id>/lessons/new/", views.lesson_edit, name="lesson-create"),
    path("courses/<uuid:public_id>/lessons/<uuid:lesson_id>/edit/", views.lesson_edit, name="lesson-edit"),
    path("courses/<uuid:public_id>/lessons/<uuid:lesson_id>/remove/", views.lesson_remove, name="lesson-remove"),
    path("courses/<uuid:public_id>/lessons/<uuid:lesson_id>/move/", views.lesson_move, name="lesson-move"),
    path("courses/<uuid:public_id>/questions/new/", views.question_edit, name="question-create"),
    path("courses/<uuid:public_id>/questions/<uuid:question_id>/edit/", views.question_edit, name="question-edit"),
    path("courses/<uuid:public_id>/publish/", views.course_publish, name="course-publish"),
    path("courses/<uuid:public_id>/export/", views.course_export, name="course-export"),
    # Learners (the course by its activity's public id)
    path("learn/<uuid:public_id>/", views.course_home, name="course-home"),
    path("learn/<uuid:public_id>/quiz/", views.attempt_start, name="attempt-start"),
    path("learn/<uuid:public_id>/complete/", views.course_complete, name="course-complete"),
    path("lessons/<uuid:lesson_id>/", views.lesson_view, name="lesson-view"),
    path("lessons/<uuid:lesson_id>/file/", views.lesson_file, name="lesson-file"),
    path("lessons/<uuid:lesson_id>/done/", views.lesson_done, name="lesson-done"),
    path("attempts/<uuid:attempt_id>/", views.attempt_page, name="attempt"),
    path("attempts/<uuid:attempt_id>/result/", views.attempt_result, name="attempt-result"),
    path("course-certificates/<uuid:progress_id>/", views.course_certificate, name="course-certificate"),
]
