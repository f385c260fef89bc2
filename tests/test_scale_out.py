"""Scale-out: two app servers (gunicorn, production settings over plain HTTP) share one
PostgreSQL database and one Redis, and one visitor's browser goes back and forth between them,
as behind a load balancer.

- signed in on one server, signed in on the other (sessions in Redis and the database);
- a lesson completed on one shows as completed on the other;
- failed logins count toward one limit, whichever server they hit (allauth's rate limits in Redis);
- a publish invalidates the stored lesson page on both.

Needs PostgreSQL at SCALE_OUT_PG_URL and Redis at SCALE_OUT_REDIS_URL (the defaults are this
machine's); skipped, saying why, when either does not answer. Uses a database of its own
(created, migrated and dropped here) and a Redis key prefix of its own (deleted after).
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

pytestmark = pytest.mark.scale_out

BASE = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("SCALE_OUT_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("SCALE_OUT_REDIS_URL", "redis://127.0.0.1:6379/13")
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PASSWORD = "a-long-enough-passphrase"

SETUP = """
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from lessons.loader import CourseLoader
CourseLoader().load()
user = get_user_model().objects.create_user("robin", "robin@example.com", {password!r}, display_name="Robin")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
"""
PUBLISH = """
from lessons.models import LessonPage
lesson = LessonPage.objects.get(pk={pk})
lesson.title = {title!r}
lesson.save_revision().publish()
"""
LESSON_ID = """
from lessons.models import LessonPage
lesson = LessonPage.objects.live().order_by("path").first()
print("LESSON", lesson.pk, lesson.url)
"""


def reachable():
    """Why the test cannot run here, or None."""
    try:
        import psycopg

        psycopg.connect(PG_URL, connect_timeout=3).close()
    except Exception as error:  # noqa: BLE001 - any failure means "not here"
        return f"PostgreSQL is not reachable at {PG_URL} ({error.__class__.__name__})"
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as error:  # noqa: BLE001
        return f"Redis is not reachable at {REDIS_URL} ({error.__class__.__name__})"
    return None


def free_port():
    for port in range(8850, 8900):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8850-8899")


class Browser:
    """One visitor: one cookie jar and one site name, whichever server answers (as behind a
    load balancer)."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, form=None):
        # One site name for both servers, as a load balancer passes it on (allauth keys its
        # per-address login limit by site and address).
        headers = {"Host": "localhost"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        html = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        connection.close()
        return response.status, response.headers, html

    def get(self, port, path):
        return self.request(port, "GET", path)

    def post_form(self, port, path, fields, page_html):
        """Submit a form with the CSRF token the page gave this visitor."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_html).group(1)
        return self.request(port, "POST", path, {"csrfmiddlewaretoken": token, **fields})


@pytest.fixture(scope="module")
def cluster():
    reason = reachable()
    if reason:
        pytest.skip(f"scale-out test skipped: {reason}")
    import psycopg
    import redis

    run_id = secrets.token_hex(4)
    database = f"scaleout_{run_id}"
    prefix = f"scaleout-{run_id}"
    database_url = PG_URL.rsplit("/", 1)[0] + f"/{database}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coursesite.settings.bench",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "1",
        # Production static storage needs its manifest: collect into a folder of this run.
        "STATIC_ROOT": tempfile.mkdtemp(prefix=f"{prefix}-static-"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def manage(*args, code=None):
        command = [sys.executable, "manage.py", *args]
        if code is not None:
            command += ["shell", "-c", code]
        done = subprocess.run(command, env=env, cwd=BASE, capture_output=True, text=True, timeout=300)  # noqa: S603
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    servers = []
    try:
        manage("migrate", "--noinput", "-v0")
        manage("collectstatic", "--noinput", "-v0")
        manage(code=SETUP.format(password=PASSWORD))
        ports = []
        for _ in range(2):
            port = free_port()
            server = subprocess.Popen(  # noqa: S603
                [GUNICORN, "-c", "coursesite/gunicorn.conf.py", "coursesite.wsgi"],
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                cwd=BASE,
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            servers.append(server)
            ports.append(port)
            deadline = time.monotonic() + 60
            while True:  # wait for this server before choosing the next port
                try:
                    if Browser().get(port, "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                assert server.poll() is None, "gunicorn exited while starting"
                assert time.monotonic() < deadline, "gunicorn did not start in time"
                time.sleep(0.2)
        yield {"ports": ports, "manage": manage, "prefix": prefix}
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        store = redis.Redis.from_url(REDIS_URL)
        for key in store.scan_iter(match=f"{prefix}:*", count=1000):
            store.delete(key)


def test_two_servers_share_sessions_progress_rate_limits_and_cache(cluster):
    a, b = cluster["ports"]
    output = cluster["manage"](code=LESSON_ID)
    _, lesson_id, lesson_url = re.search(r"^LESSON .*$", output, re.M).group(0).split()

    # Log in on A.
    visitor = Browser()
    _, _, login_page = visitor.get(a, "/accounts/login/")
    status, headers, _ = visitor.post_form(
        a, "/accounts/login/", {"login": "robin@example.com", "password": PASSWORD}, login_page
    )
    assert status == 302, "the login on server A failed"

    # Complete a lesson on B: B knows the session A started.
    status, _, lesson_page = visitor.get(b, lesson_url)
    assert status == 200 and "Log out" in lesson_page
    status, _, _ = visitor.post_form(b, f"/progress/lessons/{lesson_id}/complete/", {}, lesson_page)
    assert status == 302

    # See it on A.
    _, _, dashboard = visitor.get(a, "/dashboard/")
    assert "Robin" in dashboard
    assert "1 of 3 lessons done" in dashboard
    _, headers, again = visitor.get(a, lesson_url)
    assert "You completed this lesson" in again and "private" in headers["Cache-Control"]

    # Failed logins for one address count toward one limit (allauth's login_failed: 5 per 5
    # minutes per address), whichever server they hit: the sixth, on server B, which saw only
    # two of them, is refused; so is the right password afterwards. allauth 65 answers this
    # limit with the form and an error, not a 429.
    attacker = Browser()
    pages = []
    for attempt in range(6):
        port = (a, b)[attempt % 2]
        _, _, page = attacker.get(port, "/accounts/login/")
        pages.append(
            attacker.post_form(
                port, "/accounts/login/", {"login": "robin@example.com", "password": "wrong-guess"}, page
            )
        )
    assert [status for status, _, _ in pages] == [200] * 6
    assert not any("Too many failed login attempts" in html for _, _, html in pages[:5])
    assert "Too many failed login attempts" in pages[5][2]
    _, _, page = attacker.get(a, "/accounts/login/")
    status, _, html = attacker.post_form(
        a, "/accounts/login/", {"login": "robin@example.com", "password": PASSWORD}, page
    )
    assert status == 200 and "Too many failed login attempts" in html

    # allauth's per-IP limit on login posts (30 a minute), which answers 429, is shared too:
    # 8 posts so far; 22 more, alternating; then the 31st is refused by either server.
    def login_post(port):
        _, _, page = attacker.get(port, "/accounts/login/")
        return attacker.post_form(port, "/accounts/login/", {"login": "x@example.com", "password": "y"}, page)

    assert [login_post((a, b)[n % 2])[0] for n in range(22)] == [200] * 22
    assert login_post(a)[0] == 429
    assert login_post(b)[0] == 429

    # The stored public page: rendered once, then served from Redis by both servers.
    reader = Browser()
    first = reader.get(a, lesson_url)
    assert "public" in first[1]["Cache-Control"]
    assert reader.get(b, lesson_url)[1]["X-Page-Cache"] == "hit"
    assert reader.get(a, lesson_url)[1]["X-Page-Cache"] == "hit"
    assert not reader.cookies

    # A publish (from a third process, as an editor's would be) reaches both at once.
    cluster["manage"](code=PUBLISH.format(pk=int(lesson_id), title="Clonazepam, corrected"))
    for port in (a, b):
        status, headers, html = reader.get(port, lesson_url)
        assert status == 200
        assert "<h1>Clonazepam, corrected</h1>" in html, f"server on port {port} shows the old page"
