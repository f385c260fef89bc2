"""`make bench-profile`: the bench's pages served in this process, one at a time, each with its
CPU time and query count per request, and optionally the functions that cost most.

    .venv/bin/python bench/profile_pages.py                 # after `make bench` (its database)
    .venv/bin/python bench/profile_pages.py --top 25 dashboard

It reads the database `make bench` left (bench/bench.sqlite3 and bench/fixtures.json) and signs
the bench learner and counselor in afresh (the bench's sessions were signed with that run's
SECRET_KEY). No server and no load tool: the figures are the work of one request, which is what
the load test's throughput divides the machine by.
"""

import argparse
import cProfile
import json
import os
import pstats
import runpy
import secrets
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent


def setup():
    sys.path.insert(0, str(BASE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coursesite.settings.bench")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{BASE / 'bench' / 'bench.sqlite3'}")
    os.environ.setdefault("CACHE_DIR", str(BASE / "bench" / "cache"))
    os.environ.setdefault("STATIC_ROOT", str(BASE / "bench" / "static"))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("WAGTAILADMIN_BASE_URL", "http://testserver")
    import django

    django.setup()


def clients(fixtures):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from circles.models import CareCircle

    users = get_user_model().objects
    learner, counselor = Client(), Client()
    learner.force_login(users.get(email=fixtures["learner_email"]))
    circle_id = int(fixtures["circle_path"].rstrip("/").rsplit("/", 1)[1])
    counselor.force_login(CareCircle.objects.get(pk=circle_id).counselor)
    return {"anonymous": Client(), "learner": learner, "counselor": counselor}


def pages(fixtures):
    body = fixtures["quiz_body"]
    return {
        "baseline": ("anonymous", "get", "/bench/baseline", None),
        "anon_lesson": ("anonymous", "get", fixtures["lesson_path"], None),
        "signed_in_lesson": ("learner", "get", fixtures["lesson_path"], None),
        "signed_in_lesson_es": ("learner", "get", fixtures["spanish_lesson_path"], None),
        "dashboard": ("learner", "get", "/dashboard/", None),
        "quiz_submission": ("learner", "post", fixtures["quiz_path"], body),
        "circle_500": ("counselor", "get", fixtures["circle_path"], None),
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("names", nargs="*", help="pages to measure (default: all)")
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument("--repeat", type=int, default=3, help="runs per page; the quickest is shown")
    parser.add_argument("--top", type=int, default=0, help="print the N costliest functions")
    args = parser.parse_args()
    setup()
    from django.db import connection

    fixtures = json.loads((BASE / "bench" / "fixtures.json").read_text(encoding="utf-8"))
    signed_in = clients(fixtures)
    # The garbage collector set up as in the served workers (gunicorn.conf.py's when_ready:
    # what is loaded so far frozen, a higher first threshold); without it, a full collection
    # of everything Django and Wagtail loaded (100+ ms) lands in the figures now and then.
    runpy.run_path(str(BASE / "coursesite" / "gunicorn.conf.py"))["when_ready"](None)
    chosen = pages(fixtures)
    names = args.names or list(chosen)
    print(f"{'page':<22} {'status':>6} {'ms/request':>11} {'queries':>8}")
    for name in names:
        who, method, path, body = chosen[name]
        client = signed_in[who]

        def request(number, client=client, method=method, path=path, body=body):
            if body is None:
                return getattr(client, method)(path)
            data = body.replace("NONCE", f"profile{number:06d}{secrets.token_hex(6)}")
            return client.post(path, data, content_type="application/x-www-form-urlencoded")

        for number in range(5):  # warm: fragments kept, templates loaded
            request(number)
        queries = []  # counted as they run: Django empties its query log when a request starts

        def count(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            response = request(5)
        profiler = cProfile.Profile() if args.top else None
        runs = []
        for run in range(1 if profiler else args.repeat):
            started = time.process_time()
            if profiler:
                profiler.enable()
            for number in range(args.requests):
                request(number + 10 + run * args.requests)
            if profiler:
                profiler.disable()
            runs.append((time.process_time() - started) * 1000 / args.requests)
        spent = min(runs)  # the machine's other work only ever adds time
        print(f"{name:<22} {response.status_code:>6} {spent:>11.2f} {len(queries):>8}")
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
