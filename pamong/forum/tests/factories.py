"""Forum rows for tests, made through the services (so they hold what the services guarantee)."""

from datetime import timedelta

from django.utils import timezone

from pamong.forum import services
from pamong.forum.choices import TopicKind
from pamong.forum.models import ForumSettings


def topic(author, *, unit="own", kind=TopicKind.PROPOSAL, title="Absensi digital di sekolah",
          body="Usul memakai absensi digital.", anonymous=False):
    """A topic by *author* (an Employee) in their own unit's forum unless *unit* is given (None = agency-wide)."""
    unit = author.current_unit if unit == "own" else unit
    return services.topic_create(actor=author.user, kind=kind, title=title, body=body, unit=unit,
                                 is_anonymous=anonymous)


def moderated_forum(pemda, unit=None, **kwargs):
    """Settings for *unit* (the agency default when None): moderation before publication unless told otherwise."""
    return ForumSettings.objects.create(pemda=pemda, unit=unit, **{"moderate_before_publication": True, **kwargs})


def poll(leader, *, unit=None, topic=None, hours=24, options=("Ya", "Tidak")):
    return services.poll_create(actor=leader.user, question="Setuju rapat bulanan daring?", options=list(options),
                                closes_at=timezone.now() + timedelta(hours=hours), unit=unit, topic=topic)
