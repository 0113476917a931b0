"""The system check that the actor cache lives in a cache every process shares."""

from pamong.core.checks import actor_cache_is_shared


def test_a_per_process_cache_with_the_actor_cache_on_is_flagged(settings):
    settings.PAMONG_TASK_COUNTS_CACHE_SECONDS = 120
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in actor_cache_is_shared(None)] == ["pamong.W010"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    assert actor_cache_is_shared(None) == []
