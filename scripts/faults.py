"""`make faults`: the site under a bounded mixed load while Redis and PostgreSQL fail.

Starts its own Redis and PostgreSQL on spare loopback ports (Debian's redis-server, initdb and
pg_ctl, in a temporary folder), loads the course, serves it with gunicorn on the loopback, and
drives a mixed load (anonymous lessons, signed-in lessons, My learning, quiz submissions,
"Mark as complete") through these phases:

    normal         everything up
    redis killed   redis-server killed (SIGKILL), started again at the end of the phase
    redis frozen   redis-server stopped with SIGSTOP (accepts connections, answers nothing)
    postgres down  PostgreSQL stopped for about 10 s, then started again
    recovered      everything up again

It prints, per phase, the requests answered in it, the errors (5xx or no answer) and the error
rate after the phase's first second; then checks every acknowledged write (a completion answered 302, a
quiz answered 303) is in the database: "acknowledged writes lost" must be 0. Everything runs
on 127.0.0.1 and every loop is bounded by the phase's seconds.
"""

import contextlib
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PYTHON = str(BASE / ".venv" / "bin" / "python")
GUNICORN = str(BASE / ".venv" / "bin" / "gunicorn")
PHASE_SECONDS = 8
PG_DOWN_SECONDS = 10
CLIENTS = 4
LEARNERS = 4
REQUEST_TIMEOUT = 10

SETUP = """
import json, secrets
from django.conf import settings
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from importlib import import_module
from allauth.account.models import EmailAddress
from lessons.models import LessonPage
from quizzes.models import QuizPage

User = get_user_model()
store_class = import_module(settings.SESSION_ENGINE).SessionStore
learners = []
for n in range({learners}):
    user = User.objects.create_user(
        username=f"fault{{n}}", email=f"fault{{n}}@example.org", password=secrets.token_urlsafe(16),
        display_name=f"Fault {{n}}",
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    store = store_class()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    learners.append({{"id": user.pk, "session": store.session_key}})
lessons = [(lesson.pk, lesson.get_url_parts()[2]) for lesson in LessonPage.objects.live().order_by("path")]
quiz = QuizPage.objects.live().order_by("path").first()
answers = [(f"q-{{q.id}}", c.id) for q in quiz.answer_key() for c in q.choices if c.correct]
print(json.dumps({{
    "learners": learners, "lessons": lessons, "quiz_path": quiz.get_url_parts()[2], "answers": answers,
    "session_cookie": settings.SESSION_COOKIE_NAME, "csrf_cookie": settings.CSRF_COOKIE_NAME,
}}))
"""

CHECK = """
import json
from lessons.models import LessonProgress
from quizzes.models import QuizAttempt
claims = json.loads(open({path!r}).read())
lost = 0
for user_id, lesson_id in claims["completions"]:
    done = LessonProgress.objects.filter(user_id=user_id, lesson_id=lesson_id, completed_at__isnull=False)
    lost += 0 if done.exists() else 1
for user_id, wanted in claims["quiz_attempts"].items():
    lost += max(0, wanted - QuizAttempt.objects.filter(user_id=int(user_id)).count())
print(lost)
"""


def log(message):
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", flush=True)


def spare_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def need(tool):
    path = shutil.which(tool) or shutil.which(tool, path="/usr/lib/postgresql/15/bin")
    if not path:
        raise SystemExit(f"{tool} is not installed (Debian: apt-get install redis-server postgresql).")
    return path


def as_postgres(args):
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class Services:
    """Redis and PostgreSQL of this run's own, in a temporary folder."""

    def __init__(self, folder):
        self.folder = folder
        self.redis_port, self.pg_port = spare_port(), spare_port()
        self.pg_data = folder / "pg"
        self.redis = None

    def freeze_redis(self):
        log("freezing Redis (SIGSTOP)")
        self.redis.send_signal(signal.SIGSTOP)

    def thaw_redis(self):
        log("thawing Redis (SIGCONT)")
        self.redis.send_signal(signal.SIGCONT)

    def start_redis(self):
        args = [need("redis-server"), "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", ""]
        args += ["--appendonly", "no", "--dir", str(self.folder)]
        args += ["--maxmemory", "64mb", "--maxmemory-policy", "volatile-lru"]
        self.redis = subprocess.Popen(args, stdout=subprocess.DEVNULL)  # noqa: S603  # nosec B603
        wait_for_port(self.redis_port)

    def kill_redis(self):
        log("killing Redis")
        with contextlib.suppress(ProcessLookupError):
            self.redis.send_signal(signal.SIGCONT)
            self.redis.kill()
        self.redis.wait()

    def init_postgres(self):
        self.pg_data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            shutil.chown(self.pg_data, "postgres")
        initdb = as_postgres([need("initdb"), "-D", str(self.pg_data), "-A", "trust", "-U", "postgres"])
        subprocess.run(initdb, check=True, stdout=subprocess.DEVNULL)  # noqa: S603  # nosec B603
        self.start_postgres()

    def pg_ctl(self, *args):
        command = as_postgres(
            [need("pg_ctl"), "-D", str(self.pg_data), "-l", str(self.pg_data / "log"), *args]
        )
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603  # nosec B603

    def start_postgres(self):
        options = f"-p {self.pg_port} -k {self.pg_data} -c listen_addresses=127.0.0.1"
        self.pg_ctl("-o", options, "-w", "start")

    def stop_postgres(self):
        log("stopping PostgreSQL")
        self.pg_ctl("-m", "fast", "-w", "stop")

    def stop_all(self):
        if self.redis and self.redis.poll() is None:
            self.kill_redis()
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            self.stop_postgres()


def wait_for_port(port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise SystemExit(f"Nothing answered on port {port}.")


def http(url, cookie="", data=None, csrf=None):
    """(status, body) without following redirects; status None when there was no answer."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, data=data.encode() if data else None)  # noqa: S310  # nosec B310
    if cookie:
        request.add_header("Cookie", cookie)
    if data:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    if csrf:
        request.add_header("X-CSRFToken", csrf)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=REQUEST_TIMEOUT) as response:
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError:
        return None, ""


class Load:
    """CLIENTS threads sending a mix of requests until told to stop; every result is kept."""

    def __init__(self, base_url, fixtures):
        self.base_url = base_url
        self.fixtures = fixtures
        self.csrf = secrets.token_hex(16)
        self.results = []  # (answered, kind, status)
        self.completions = []  # acknowledged (user id, lesson id)
        self.quiz_attempts = {}  # user id -> acknowledged submissions
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.pending = {learner["id"]: list(fixtures["lessons"]) for learner in fixtures["learners"]}

    def cookie(self, learner):
        session = f"{self.fixtures['session_cookie']}={learner['session']}"
        return f"{session}; {self.fixtures['csrf_cookie']}={self.csrf}"

    def one(self, rng):
        learner = rng.choice(self.fixtures["learners"])
        kind = rng.choice(["anon_lesson", "lesson", "dashboard", "quiz", "complete"])
        lesson_path = rng.choice(self.fixtures["lessons"])[1]
        if kind == "anon_lesson":
            return kind, http(self.base_url + lesson_path)[0], None
        if kind == "lesson":
            return kind, http(self.base_url + lesson_path, self.cookie(learner))[0], None
        if kind == "dashboard":
            return kind, http(self.base_url + "/dashboard/", self.cookie(learner))[0], None
        if kind == "quiz":
            fields = [("nonce", secrets.token_urlsafe(18)), *self.fixtures["answers"]]
            body = "&".join(f"{name}={value}" for name, value in fields)
            status = http(self.base_url + self.fixtures["quiz_path"], self.cookie(learner), body, self.csrf)[
                0
            ]
            return kind, status, ("quiz", learner["id"]) if status == 303 else None
        with self.lock:
            if not self.pending[learner["id"]]:
                return "dashboard", http(self.base_url + "/dashboard/", self.cookie(learner))[0], None
            lesson_id, _ = self.pending[learner["id"]].pop(rng.randrange(len(self.pending[learner["id"]])))
        url = f"{self.base_url}/progress/lessons/{lesson_id}/complete/"
        status = http(url, self.cookie(learner), "next=/", self.csrf)[0]
        if status != 302:
            with self.lock:
                self.pending[learner["id"]].append((lesson_id, ""))
        return kind, status, ("complete", learner["id"], lesson_id) if status == 302 else None

    def client(self, seed):
        rng = random.Random(seed)  # nosec B311 - choice of requests, not a secret
        while not self.stop.is_set():
            kind, status, acknowledged = self.one(rng)
            answered = time.monotonic()  # counted in the phase it was answered in
            with self.lock:
                self.results.append((answered, kind, status))
                if acknowledged and acknowledged[0] == "complete":
                    self.completions.append(acknowledged[1:])
                elif acknowledged:
                    self.quiz_attempts[acknowledged[1]] = self.quiz_attempts.get(acknowledged[1], 0) + 1

    def run(self, phases):
        threads = [threading.Thread(target=self.client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        marks = []
        try:
            for name, seconds, begin, end in phases:
                started = time.monotonic()
                if begin:
                    begin()
                marks.append((name, started))
                time.sleep(max(0.0, seconds - (time.monotonic() - started)))
                if end:
                    end()
        finally:
            self.stop.set()
            for thread in threads:
                thread.join(REQUEST_TIMEOUT + 5)
        return marks


def table(load, marks):
    ends = [start for _, start in marks[1:]] + [float("inf")]
    rows = []
    for (name, start), end in zip(marks, ends, strict=True):
        mine = [(t, kind, status) for t, kind, status in load.results if start <= t < end]
        errors = [r for r in mine if r[2] is None or r[2] >= 500]
        later = [r for r in mine if r[0] >= start + 1]
        later_errors = [r for r in later if r[2] is None or r[2] >= 500]
        anon = [r for r in later if r[1] in ("anon_lesson", "quiz")]
        anon_errors = [r for r in anon if r[2] is None or r[2] >= 500]
        rate = 100 * len(later_errors) / len(later) if later else 0.0
        anon_rate = 100 * len(anon_errors) / len(anon) if anon else 0.0
        rows.append((name, len(mine), len(errors), rate, anon_rate))
    for (name, start), end in zip(marks, ends, strict=True):
        kinds = {}
        for t, kind, status in load.results:
            if start <= t < end and (status is None or status >= 500):
                kinds[f"{kind} {status or 'no answer'}"] = kinds.get(f"{kind} {status or 'no answer'}", 0) + 1
        if kinds:
            log(f"errors while {name}: " + ", ".join(f"{k} x{v}" for k, v in sorted(kinds.items())))
    print()
    print(f"{'phase':<16}{'requests':>10}{'errors':>8}{'err% after 1st s':>18}{'lesson+quiz err%':>18}")
    for name, count, errors, rate, anon_rate in rows:
        print(f"{name:<16}{count:>10}{errors:>8}{rate:>17.1f}%{anon_rate:>17.1f}%")
    return rows


def summarize_server_errors(path):
    """The server's exceptions, by kind (the last line of each traceback), most frequent first."""
    kinds = {}
    for line in path.read_text(errors="replace").splitlines():
        if line and not line.startswith((" ", "Traceback", "[")) and ("Error" in line or "Exception" in line):
            kind = line.split(":", 1)[0][-80:]
            kinds[kind] = kinds.get(kind, 0) + 1
    for kind, count in sorted(kinds.items(), key=lambda item: -item[1])[:6]:
        log(f"server log: {count} x {kind}")


def main():
    folder = Path(tempfile.mkdtemp(prefix="coursesite-faults-"))
    services = Services(folder)
    server = None
    try:
        log(f"Redis on 127.0.0.1:{services.redis_port}, PostgreSQL on 127.0.0.1:{services.pg_port}")
        services.start_redis()
        services.init_postgres()
        port = spare_port()
        base_url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "coursesite.settings.bench",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "WAGTAILADMIN_BASE_URL": base_url,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{services.pg_port}/postgres",
            "REDIS_URL": f"redis://127.0.0.1:{services.redis_port}/0",
            "STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"),
            "LOG_LEVEL": "ERROR",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_TIMEOUT": "20",
            "GUNICORN_MAX_REQUESTS": "0",
        }
        manage = [PYTHON, "manage.py"]
        log("migrating and loading the course")
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["load_course"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            subprocess.run([*manage, *command], env=env, cwd=BASE, check=True, stdout=subprocess.DEVNULL)  # noqa: S603  # nosec B603
        setup = subprocess.run(  # noqa: S603  # nosec B603
            [*manage, "shell", "-v0", "-c", SETUP.format(learners=LEARNERS)],
            env=env,
            cwd=BASE,
            check=True,
            capture_output=True,
            text=True,
        )
        fixtures = json.loads(setup.stdout.strip().splitlines()[-1])
        gunicorn_log = (folder / "gunicorn.log").open("w")
        server = subprocess.Popen(  # noqa: S603  # nosec B603
            [GUNICORN, "-c", str(BASE / "coursesite" / "gunicorn.conf.py"), "coursesite.wsgi"],
            env=env,
            cwd=BASE,
            stdout=gunicorn_log,
            stderr=gunicorn_log,
            start_new_session=True,
        )
        wait_for_port(port, 60)
        log(
            f"gunicorn on {base_url}; {CLIENTS} clients for about {4 * PHASE_SECONDS + PG_DOWN_SECONDS + 8} s"
        )
        load = Load(base_url, fixtures)
        phases = [
            ("normal", PHASE_SECONDS, None, None),
            ("redis killed", PHASE_SECONDS, services.kill_redis, services.start_redis),
            (
                "redis frozen",
                PHASE_SECONDS,
                services.freeze_redis,
                services.thaw_redis,
            ),
            ("postgres down", PG_DOWN_SECONDS, services.stop_postgres, services.start_postgres),
            ("recovered", PHASE_SECONDS + 8, None, None),
        ]
        marks = load.run(phases)
        table(load, marks)
        claims = folder / "claims.json"
        claims.write_text(json.dumps({"completions": load.completions, "quiz_attempts": load.quiz_attempts}))
        if os.geteuid() == 0:
            shutil.chown(claims, "postgres")
        lost = (
            subprocess.run(  # noqa: S603  # nosec B603
                [*manage, "shell", "-v0", "-c", CHECK.format(path=str(claims))],
                env=env,
                cwd=BASE,
                check=True,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        summarize_server_errors(folder / "gunicorn.log")
        acknowledged = len(load.completions) + sum(load.quiz_attempts.values())
        print(f"\nacknowledged writes: {acknowledged}; acknowledged writes lost: {lost}")
        return 0 if lost == "0" else 1
    finally:
        if server is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
        services.stop_all()
        kept = BASE / "var" / "faults-gunicorn.log"
        with contextlib.suppress(OSError):
            kept.parent.mkdir(exist_ok=True)
            shutil.copy(folder / "gunicorn.log", kept)
            log(f"the server's log is kept in {kept.relative_to(BASE)}")
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
