"""HTML routes of the forum, app_name "forum" (mounted at /forum/)."""

from django.urls import path

from . import views

app_name = "forum"
urlpatterns = [
    path("", views.topic_list, name="topic-list"),
    path("topics/new/", views.topic_create, name="topic-create"),
    path("topics/<uuid:public_id>/", views.topic_detail, name="topic-detail"),
    path("topics/<uuid:public_id>/support/", views.topic_support, name="topic-support"),
    path("topics/<uuid:public_id>/comments/", views.topic_comment, name="topic-comment"),
    path("topics/<uuid:public_id>/answer/", views.topic_answer, name="topic-answer"),
    path("topics/<uuid:public_id>/moderate/", views.topic_moderate, name="topic-moderate"),
    path("comments/<uuid:public_id>/moderate/", views.comment_moderate, name="comment-moderate"),
    path("moderation/", views.moderation_queue_view, name="moderation-queue"),
    path("polls/", views.poll_list, name="poll-list"),
    path("polls/new/", views.poll_create, name="poll-create"),
    path("polls/<uuid:public_id>/", views.poll_detail, name="poll-detail"),
    path("polls/<uuid:public_id>/vote/", views.poll_vote, name="poll-vote"),
    path("town-halls/", views.townhall_list, name="townhall-list"),
    path("town-halls/<uuid:public_id>/", views.townhall_detail, name="townhall-detail"),
    path("recap/", views.recap, name="recap"),
    path("settings/", views.forum_settings, name="settings"),
]
