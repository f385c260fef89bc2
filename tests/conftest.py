"""Shared fixtures: the minimal page tree (root, Site, HomePage), a small course, users, and
Redis down, frozen or real (issue 14)."""

import re
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models.signals import post_migrate
from django.utils import translation
from wagtail.models import Page, Site

from lessons import editorial
from lessons.loader import CourseLoader, ensure_tree_root
from tests.factories import (
    CoursePageFactory,
    HomePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    UserFactory,
)
from tests.seeding import DatabaseSnapshot, count_migrate_signal


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache, as a fresh deployment does. allauth keeps its rate
    limits there (e.g. 20 sign-ups or 10 failed logins a minute per IP); the glossary terms are
    cached there too, and a test's rolled-back terms must not show up in the next test; and
    database ids are reused between tests, so a page stored by another test could otherwise
    look current."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts and ends in the site's own language. A request to a Spanish address
    leaves Spanish active in the thread (LocaleMiddleware activates it and nothing turns it back),
    so a later test that renders without a request would otherwise speak Spanish, depending on
    which tests its worker ran before it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def home_page(db):
    """A HomePage as the root of the default site, replacing Wagtail's welcome page."""
    root = ensure_tree_root()
    Page.objects.filter(depth=2).delete()
    home = HomePageFactory(parent=root, slug="home")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def make_course(home_page):
    """Build a course of `modules` modules with `lessons` lessons each; returns the course."""

    def build(modules=1, lessons=3, slug="course"):
        course = CoursePageFactory(parent=home_page, slug=slug)
        for m in range(modules):
            module = ModulePageFactory(parent=course, slug=f"module-{m + 1}")
            for n in range(lessons):
                LessonPageFactory(parent=module, slug=f"lesson-{n + 1}", title=f"Lesson {m + 1}.{n + 1}")
        return course

    return build


@pytest.fixture
def course(make_course):
    return make_course(modules=2, lessons=3)


@pytest.fixture
def editable_course(course, roles):
    """The small course, set up as the loader sets up the real one: editors may edit it and
    changes go through Clinical review."""
    editorial.attach_course(course)
    return course


@pytest.fixture(scope="session")
def course_snapshot(django_db_setup, django_db_blocker):
    """The course as CourseLoader leaves it in a fresh test database, loaded once per test
    process (each xdist worker has its own database) and rolled back (tests/seeding.py)."""
    post_migrate.connect(count_migrate_signal, dispatch_uid="tests.seeding.count_migrate_signal")
    with django_db_blocker.unblock():
        snapshot = DatabaseSnapshot.take(lambda: CourseLoader().load())
    cache.clear()  # what the load cached (its content version) went with its rows
    return snapshot


@pytest.fixture
def seeded_site(course_snapshot, db):
    """The real course from lessons/content, as `make run` loads it; returns the LoadReport.

    The rows a load leaves, put back into this test's transaction: a fraction of a second
    instead of a load's seconds. In a transactional test, or after one's flush, every table is
    put back (committed in the first case; tests/seeding.py). Refused when an earlier fixture of
    the test already wrote to the database (ask for seeded_site first): putting the tables back
    would lose those rows. A test of a first load itself uses `loaded_course`."""
    reason = course_snapshot.why_not_restorable()
    if reason is not None:
        pytest.fail(f"seeded_site cannot be put back: {reason}")
    wholly = course_snapshot.wholly()
    yield course_snapshot.restore()
    if wholly:  # the test's rollback or flush brings other content type ids back
        ContentType.objects.clear_cache()


@pytest.fixture
def loaded_course(db):
    """The course loaded by CourseLoader in this test itself, about 12 s: only for what a first
    load does to a fresh database (tests of reloading and --update start from seeded_site).
    Returns the LoadReport."""
    return CourseLoader().load()


@pytest.fixture
def learner(db):
    return UserFactory(username="learner")


@pytest.fixture
def roles(db):
    """The editorial groups and the Clinical review workflow (lessons.editorial)."""
    return editorial.ensure_roles()


@pytest.fixture
def make_user(roles):
    """A user in the given editorial groups, e.g. make_user("dana", editorial.EDITORS)."""

    def make(username, *groups, **fields):
        user = UserFactory(username=username, **fields)
        user.groups.add(*(roles[name] for name in groups))
        return user

    return make


@pytest.fixture
def editor(make_user):
    return make_user("editor", editorial.EDITORS, display_name="Dana Editor")


@pytest.fixture
def clinical_reviewer(make_user):
    return make_user("reviewer", editorial.CLINICAL_REVIEWERS, display_name="Ana Ruiz")


@pytest.fixture
def sign_up(mailoutbox):
    """Sign up as a learner does: the form, then the code from the email (verification is
    mandatory). Returns the response to the code, normally a redirect to ?next= or My learning."""

    def submit(client, data, path="/accounts/signup/"):
        form = client.post(path, data)
        assert form.status_code == 302, form.content.decode()[:2000]
        code = re.search(r"\b[A-Z]{4}-[A-Z]{4}\b", mailoutbox[-1].body).group(0)
        return client.post(form["Location"], {"code": code})

    return submit


def _redis_cache_at(settings, url):
    """Point the default cache at `url` through the site's Redis backend (coursesite.cache)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "coursesite.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "tests",
            "FALLBACK_SECONDS": 5,
            "RECOVERY_DELETE": ["content:version"],
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    from coursesite import cache as site_cache

    site_cache._outages.clear()  # noqa: SLF001 (each test starts without a known outage)


@pytest.fixture
def dead_redis(settings):
    """Redis is down: nothing listens on its port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _redis_cache_at(settings, f"redis://127.0.0.1:{port}/0")
    return port


@pytest.fixture
def frozen_redis(settings):
    """Redis is frozen (as under SIGSTOP): connections are accepted but nothing is ever answered."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)  # never accepted: the kernel completes connections, nobody reads
    _redis_cache_at(settings, f"redis://127.0.0.1:{listener.getsockname()[1]}/0")
    yield listener
    listener.close()


@pytest.fixture
def real_redis(settings, tmp_path):
    """A redis-server of this test's own on a spare loopback port (skipped without one)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    args += ["--dir", str(tmp_path)]

    def start():
        server = subprocess.Popen(args, stdout=subprocess.DEVNULL)  # noqa: S603 (fixed arguments)
        for _ in range(100):
            try:
                redis.Redis(port=port, socket_connect_timeout=0.2).ping()
                return server
            except redis.RedisError:
                time.sleep(0.05)
        server.kill()
        pytest.skip("redis-server did not start")

    _redis_cache_at(settings, f"redis://127.0.0.1:{port}/0")
    servers = [start()]
    yield servers, start
    for server in servers:
        server.kill()
        server.wait()
