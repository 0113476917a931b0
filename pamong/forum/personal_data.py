"""The forum's part of an employee's personal-data archive (UU 27/2022 Pasal 7): their topics and comments
(anonymous ones too: anonymity is toward colleagues, not toward the author), their supports and poll votes, and
the proposals they answered as a leader, by reference. Registered from ForumConfig.ready()."""

from pamong.people.personal_data import register_personal_data_source, row

from .models import Comment, PollVote, Support, Topic


def _forum(employee) -> dict:
    topics = Topic.objects.filter(author=employee).select_related("unit").order_by("created_at", "pk")
    comments = Comment.objects.filter(author=employee).select_related("topic").order_by("created_at", "pk")
    supports = Support.objects.filter(employee=employee).select_related("topic").order_by("created_at", "pk")
    votes = PollVote.objects.filter(employee=employee).select_related("poll", "option").order_by("created_at", "pk")
    return {
        "topics": [row(t, exclude=("author", "pemda", "moderated_by", "answered_by", "answered_by_user"))
                   for t in topics],
        "comments": [{**row(c, exclude=("author", "moderated_by", "topic")), "topic": str(c.topic.public_id)}
                     for c in comments],
        "supports": [{"topic": str(s.topic.public_id), "title": s.topic.title, "created_at": s.created_at}
                     for s in supports],
        "poll_votes": [{"poll": str(v.poll.public_id), "question": v.poll.question, "option": v.option.label,
                        "created_at": v.created_at} for v in votes],
        "answered_as_leader": [str(p) for p in Topic.objects.filter(answered_by=employee)
                               .order_by("pk").values_list("public_id", flat=True)],
    }


def register() -> None:
    register_personal_data_source("forum", build=_forum, models=(
        "forum.topic", "forum.comment", "forum.support", "forum.pollvote"))
