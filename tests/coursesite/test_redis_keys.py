"""Findings 5 and 6 of issue 14: `make restore` clears this site's cache keys only (several sites
may share one Redis by KEY_PREFIX), and the public page cache keeps no copy per query string."""

import pytest
import redis
from django.conf import settings
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_restore_clears_only_this_sites_keys(real_redis, home_page, tmp_path, restore_in_fresh_process):
    if connection.vendor != "sqlite":
        pytest.skip("restores into a scratch SQLite file: runs in the SQLite suite (the keys are Redis's)")
    port = int(settings.CACHES["default"]["LOCATION"].rsplit(":", 1)[1].split("/")[0])
    store = redis.Redis(port=port)
    store.set("coursesite:1:pages:page:/", b"old page")
    store.set("coursesite:1:content:version", b"old")
    store.set("othersite:1:session", b"another site's data")
    store.set("unprefixed", b"someone else's")
    call_command("backup_db", output_dir=str(tmp_path / "backups"))
    (backup_file,) = (tmp_path / "backups").iterdir()
    result = restore_in_fresh_process(
        backup_file,
        f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        tmp_path,
        REDIS_URL=f"redis://127.0.0.1:{port}/0",
        CACHE_KEY_PREFIX="coursesite",
    )
    assert result.returncode == 0, result.stderr
    assert store.get("coursesite:1:pages:page:/") is None
    assert store.get("coursesite:1:content:version") is None
    assert store.get("othersite:1:session") == b"another site's data"
    assert store.get("unprefixed") == b"someone else's"


@pytest.mark.django_db
def test_a_thousand_random_query_strings_and_addresses_add_no_keys(real_redis, course):
    """Finding 5: a copy per distinct ?x= (or per made-up address) would fill Redis."""
    import secrets

    from django.test import Client

    from lessons.models import LessonPage

    lesson = LessonPage.objects.live().first()
    port = int(settings.CACHES["default"]["LOCATION"].rsplit(":", 1)[1].split("/")[0])
    store = redis.Redis(port=port)
    client = Client()
    for _ in range(3):  # the page's own copy and the fragments, made once
        assert client.get(lesson.url).status_code == 200
    assert client.get("/no-such-page/").status_code == 404
    before = store.dbsize()
    for _ in range(1000):
        assert client.get(f"{lesson.url}?x={secrets.token_hex(8)}").status_code == 200
    for _ in range(200):
        assert client.get(f"/{secrets.token_hex(8)}/").status_code == 404
    assert store.dbsize() == before


def test_one_redis_client_serves_every_cache_call(real_redis):
    """Django's Redis cache client made a redis.Redis for each call (each one builds a table of
    some 500 response callbacks); the site's keeps one per connection pool, and it works."""
    from django.core.cache import cache

    made = []

    class Counted(redis.Redis):
        def __init__(self, *args, **kwargs):
            made.append(self)
            super().__init__(*args, **kwargs)

    cache._cache._client = Counted  # noqa: SLF001 - counting the clients the backend makes
    for number in range(20):
        cache.set(f"kept-client:{number}", number)
        assert cache.get(f"kept-client:{number}") == number
    cache.delete_many([f"kept-client:{number}" for number in range(20)])
    assert len(made) == 1
