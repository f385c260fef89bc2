"""Finding 4 of issue 14: Redis down or frozen, and the site keeps working from the database.
Anonymous pages and lessons, completions, sign-in and My learning answer; rate limits keep
counting; /healthz says "degraded" and why. With Django's plain RedisCache every one of these
requests was a 500 (down) or hung (frozen)."""

import signal
import time

import pytest
from django.test import Client

from lessons.models import LessonPage, LessonProgress

PASSWORD = "correct-horse-battery"


def lessons_of(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


@pytest.mark.django_db
class TestRedisDown:
    def test_anonymous_pages_and_lessons(self, dead_redis, course):
        client = Client()
        assert client.get("/").status_code == 200
        lesson = lessons_of(course)[0]
        assert client.get(lesson.url).status_code == 200
        assert client.get(lesson.url).status_code == 200  # the page copy, from this process's memory

    def test_sign_in_completion_and_my_learning(self, dead_redis, course, learner):
        client = Client()
        response = client.post("/accounts/login/", {"login": learner.email, "password": PASSWORD})
        assert response.status_code == 302, response.content.decode()[:500]
        lesson = lessons_of(course)[0]
        assert client.post(f"/progress/lessons/{lesson.pk}/complete/").status_code == 302
        assert LessonProgress.objects.get(user=learner, lesson=lesson).completed_at is not None
        assert "1 of 3 lessons done" in client.get("/dashboard/").content.decode()

    def test_sign_in_survives_redis_failing_mid_session(self, settings, course, learner):
        """Sessions are in the database too (cached_db): losing the cache signs nobody out."""
        client = Client()
        client.force_login(learner)  # session saved while the cache works
        from tests.conftest import _redis_cache_at

        _redis_cache_at(settings, "redis://127.0.0.1:1/0")
        assert client.get("/dashboard/").status_code == 200
        assert learner.get_full_name() in client.get("/dashboard/").content.decode()

    def test_rate_limits_keep_counting(self, dead_redis, learner):
        client = Client()
        statuses = [
            client.post("/accounts/login/", {"login": learner.email, "password": f"wrong-{n}"}).status_code
            for n in range(31)
        ]
        assert statuses[30] == 429  # allauth's sign-in limit, counted in this process's memory

    def test_healthz_says_degraded_and_why(self, dead_redis):
        response = Client().get("/healthz")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "degraded"
        assert "Redis unavailable" in body["checks"]["sharedcache"]
        assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_a_frozen_redis_costs_one_short_wait_then_none(frozen_redis, course):
    client = Client()
    lesson = lessons_of(course)[0]
    start = time.perf_counter()
    assert client.get(lesson.url).status_code == 200
    first = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(5):
        assert client.get(lessons_of(course)[1].url).status_code == 200
    later = time.perf_counter() - start
    assert first < 2.0, first  # one read timeout (0.3 s), not a hang
    assert later < 1.5, later  # no more waits while the fallback lasts


@pytest.mark.django_db
def test_kill_freeze_and_recovery_of_a_real_redis(real_redis, course, settings):
    servers, start = real_redis
    settings.CACHES["default"]["FALLBACK_SECONDS"] = 0.5
    from django.core.cache import caches
    from django.test.signals import clear_cache_handlers

    clear_cache_handlers(setting="CACHES")
    lesson = lessons_of(course)[0]
    client = Client()
    assert client.get(lesson.url).status_code == 200
    redis_version = caches["default"].get("content:version")
    assert redis_version  # the content version lives in Redis

    servers[0].send_signal(signal.SIGSTOP)  # frozen
    assert client.get(lesson.url).status_code == 200
    assert Client().get("/healthz").json()["status"] == "degraded"
    servers[0].send_signal(signal.SIGCONT)
    servers[0].kill()  # down
    servers[0].wait()
    assert client.get(lesson.url).status_code == 200
    assert client.post(f"/progress/lessons/{lesson.pk}/complete/").status_code == 302

    servers.append(start())  # back, as after a restart; as if it had kept its old data:
    backend = caches["default"]
    backend._cache.set(backend.make_and_validate_key("content:version"), redis_version, 300)  # noqa: SLF001
    time.sleep(0.6)  # the fallback time is over
    assert client.get(lesson.url).status_code == 200
    assert caches["default"].get("content:version") != redis_version  # cleared on recovery
    assert Client().get("/healthz").json()["status"] == "ok"
