"""`make bench`: build a large data set, serve it with gunicorn, drive it with wrk, and compare
every page with a bare Django view measured in the same run under the same load.

    .venv/bin/python bench/run.py                # SQLite file bench/bench.sqlite3, per-process cache
    .venv/bin/python bench/run.py --db postgres  # PostgreSQL database bench_coursesite + Redis

Everything runs on this machine; the load goes to 127.0.0.1 only. Results: a table on stdout
and bench/results.json.
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
BENCH = BASE / "bench"
PYTHON = str(BASE / ".venv" / "bin" / "python")
GUNICORN = str(BASE / ".venv" / "bin" / "gunicorn")
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "bench_coursesite"
REDIS_BENCH_URL = "redis://127.0.0.1:6379/14"

# Targets: throughput as a share of the baseline's, measured in the same run.
TARGETS = {
    "anon_lesson": ("rps_ratio", 0.9),
    "signed_in_lesson": ("rps_ratio", 0.2),
    "dashboard": ("rps_ratio", 0.2),
    "quiz_submission": ("rps_ratio", 0.2),
    "circle_500": ("p95_ms", 100),
}


def log(message):
    print(f"[bench] {message}", flush=True)


def run(args, env, **kwargs):
    subprocess.run(args, env=env, cwd=BASE, check=True, **kwargs)  # noqa: S603 - our own commands  # nosec B603


def prepare_database(db):
    """A fresh, dedicated database (never the development db.sqlite3); returns DATABASE_URL."""
    shutil.rmtree(BENCH / "cache", ignore_errors=True)
    if db == "sqlite":
        for path in BENCH.glob("bench.sqlite3*"):
            path.unlink()
        return f"sqlite:///{BENCH / 'bench.sqlite3'}"
    import psycopg
    import redis

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{PG_BENCH_DB}"')
    redis.Redis.from_url(REDIS_BENCH_URL).flushdb()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_BENCH_DB}"


def drop_database(db):
    if db == "postgres":
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')


def http(url, cookie="", data=None, headers=None):
    """One request without following redirects: (status, headers, body)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, data=data.encode() if data else None, headers=headers or {})  # noqa: S310
    if cookie:
        request.add_header("Cookie", cookie)
    if data:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


def wait_until_up(base_url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited while starting; see its log above.")
        try:
            if http(base_url + "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz in time.")


def scenarios(fixtures):
    """What to measure, each with a probe that proves the request does what it should."""
    # A signed-in browser sends both cookies it was given at log-in: the session and CSRF ones.
    csrf = f"{fixtures['csrf_cookie_name']}={fixtures['csrf_secret']}"
    session = f"{fixtures['session_cookie_name']}={fixtures['learner_session']}; {csrf}"
    counselor = f"{fixtures['session_cookie_name']}={fixtures['counselor_session']}; {csrf}"
    found = [
        {
            "name": "baseline",
            "label": "baseline: trivial view /bench/baseline",
            "path": "/bench/baseline",
            "expect": (200, "ok"),
        },
        {
            "name": "anon_lesson",
            "label": "anonymous lesson page",
            "path": fixtures["lesson_path"],
            "expect": (200, "Mark as complete"),
        },
        {
            "name": "signed_in_lesson",
            "label": "signed-in lesson page",
            "path": fixtures["lesson_path"],
            "cookie": session,
            "expect": (200, "Log out"),
        },
        {
            "name": "dashboard",
            "label": "/dashboard/ (signed in)",
            "path": "/dashboard/",
            "cookie": session,
            "expect": (200, "Continue where you left off"),
        },
    ]
    if fixtures.get("spanish_lesson_path"):
        found += [
            {
                "name": "anon_lesson_es",
                "label": "anonymous lesson page, Spanish",
                "path": fixtures["spanish_lesson_path"],
                "expect": (200, 'lang="es"'),
            },
            {
                "name": "signed_in_lesson_es",
                "label": "signed-in lesson page, Spanish",
                "path": fixtures["spanish_lesson_path"],
                "cookie": session,
                "expect": (200, 'lang="es"'),
            },
        ]
    if fixtures.get("quiz_path"):
        found.append(
            {
                "name": "quiz_submission",
                "label": "quiz submission (POST)",
                "path": fixtures["quiz_path"],
                "method": "POST",
                "cookie": session,
                "csrf": fixtures["csrf_secret"],
                "body": fixtures["quiz_body"],
                "expect": (fixtures.get("quiz_status", 302), fixtures.get("quiz_marker", "")),
            }
        )
    found.append(
        {
            "name": "circle_500",
            "label": f"counselor circle of {fixtures['counts']['circle_members']}",
            "path": fixtures["circle_path"],
            "cookie": counselor,
            "connections": 4,
            "expect": (200, "Bench clinic"),
        }
    )
    return found


def probe(base_url, scenario):
    """One request before the load: the right status and content, or the run stops."""
    headers = {"X-CSRFToken": scenario["csrf"]} if scenario.get("csrf") else {}
    data = scenario.get("body")
    if data:
        data = data.replace("NONCE", f"probe{secrets.token_hex(8)}")
    status, response_headers, body = http(
        base_url + scenario["path"], scenario.get("cookie", ""), data, headers
    )
    want_status, marker = scenario["expect"]
    if status != want_status or (marker and marker not in body):
        raise SystemExit(
            f"Probe of {scenario['name']} failed: HTTP {status}, expected {want_status} with {marker!r}"
        )
    return {"status": status, "cache_control": response_headers.get("Cache-Control", "")}


def settle(base_url, seconds=5):
    """Wait until the server has worked off the requests the last scenario left queued (wrk
    stops sending, but the workers still answer what they had received), so each scenario
    measures itself and not its predecessor's backlog: three quick answers in a row."""
    deadline, quick = time.monotonic() + seconds, 0
    while quick < 3 and time.monotonic() < deadline:
        started = time.monotonic()
        http(base_url + "/bench/baseline")
        quick = quick + 1 if time.monotonic() - started < 0.01 else 0


def wrk(base_url, scenario, seconds, connections):
    env = {
        **os.environ,
        "BENCH_METHOD": scenario.get("method", "GET"),
        "BENCH_PATH": scenario["path"],
        "BENCH_COOKIE": scenario.get("cookie", ""),
        "BENCH_BODY": scenario.get("body", ""),
        "BENCH_CSRF": scenario.get("csrf", ""),
        "BENCH_SALT": secrets.token_hex(3),  # fresh per run: every POST's nonce is new
    }
    threads = min(2, connections)
    output = subprocess.run(  # noqa: S603 - fixed arguments, loopback only  # nosec B603
        [
            shutil.which("wrk") or "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(BENCH / "wrk.lua"),
            base_url,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    settle(base_url)
    match = re.search(r"BENCH_JSON (\{.*\})", output)
    if not match:
        raise SystemExit(f"wrk printed no summary:\n{output}")
    raw = json.loads(match.group(1))
    errors = sum(raw["errors"].values())
    return {
        "connections": connections,
        "seconds": seconds,
        "requests": raw["requests"],
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "errors": errors,
        "error_detail": raw["errors"],
    }


def combine(parts):
    """One figure from the interleaved rounds: requests/s over all of them; p50 and p95 the
    median of the rounds' own (wrk reports percentiles per run, which cannot be merged exactly)."""
    seconds = sum(part["requests"] / part["rps"] for part in parts if part["rps"])
    requests = sum(part["requests"] for part in parts)
    detail = {}
    for part in parts:
        for kind, number in part["error_detail"].items():
            detail[kind] = detail.get(kind, 0) + number
    return {
        "connections": parts[0]["connections"],
        "seconds": round(seconds, 1),
        "requests": requests,
        "rps": requests / seconds if seconds else 0.0,
        "p50_ms": statistics.median(part["p50_ms"] for part in parts),
        "p95_ms": statistics.median(part["p95_ms"] for part in parts),
        "p99_ms": statistics.median(part["p99_ms"] for part in parts),
        "errors": sum(detail.values()),
        "error_detail": detail,
        "rounds": [
            {k: round(v, 2) for k, v in part.items() if k in ("rps", "p50_ms", "p95_ms")} for part in parts
        ],
    }


def judge(name, result):
    if name not in TARGETS:
        return None
    figure, threshold = TARGETS[name]
    value = result[figure]
    held = result["requests"] > 0 and (value < threshold if figure == "p95_ms" else value >= threshold)
    if name == "quiz_submission":
        held = held and result["errors"] == 0
    comparison = "<" if figure == "p95_ms" else ">="
    return {"figure": figure, "target": f"{comparison} {threshold}", "value": round(value, 3), "held": held}


def table(results):
    header = (
        f"{'scenario':<38} {'conn':>4} {'req/s':>9} {'x base':>7} {'p50 ms':>8} {'x base':>7} "
        f"{'p95 ms':>8} {'x base':>7} {'errors':>6}  target"
    )
    lines = [header, "-" * len(header)]
    for result in results:
        target = result.get("target")
        verdict = ""
        if target:
            verdict = f"{target['figure']} {target['target']}: {'HOLDS' if target['held'] else 'MISSED'}"
        lines.append(
            f"{result['label']:<38} {result['connections']:>4} {result['rps']:>9.1f} "
            f"{result['rps_ratio']:>7.2f} {result['p50_ms']:>8.2f} {result['p50_ratio']:>7.2f} "
            f"{result['p95_ms']:>8.2f} {result['p95_ratio']:>7.2f} {result['errors']:>6}  {verdict}"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per scenario")
    parser.add_argument(
        "--rounds", type=int, default=5, help="interleaved rounds those seconds are split into"
    )
    parser.add_argument("--serve", action="store_true", help="build, start gunicorn, and just serve")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured seconds before each")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8801)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--learners", type=int, default=2000)
    parser.add_argument("--quiz-attempts", type=int, default=10_000)
    parser.add_argument("--keep-db", action="store_true", help="leave the PostgreSQL bench database")
    args = parser.parse_args()

    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk); `make bench` installs it.")
    base_url = f"http://127.0.0.1:{args.port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coursesite.settings.bench",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": base_url,
        "STATIC_ROOT": str(BENCH / "static"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "WEB_CONCURRENCY": str(args.workers),
        # No worker recycling while measuring: a restart would land in one scenario's slice.
        "GUNICORN_MAX_REQUESTS": "0",
        # Without Redis: the file cache the workers share, emptied with the database.
        "CACHE_DIR": str(BENCH / "cache"),
    }
    env.pop("REDIS_URL", None)
    env["DATABASE_URL"] = prepare_database(args.db)
    if args.db == "postgres":
        env["REDIS_URL"] = REDIS_BENCH_URL

    started = time.monotonic()
    load_before = os.getloadavg()
    log(f"database: {args.db}; building the data set")
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    fixtures_path = BENCH / "fixtures.json"
    run(
        [
            PYTHON,
            "manage.py",
            "build_bench_data",
            f"--learners={args.learners}",
            f"--quiz-attempts={args.quiz_attempts}",
            f"--output={fixtures_path}",
        ],
        env,
    )
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "--clear", "-v0"], env)
    fixtures = json.loads(fixtures_path.read_text(encoding="utf-8"))
    log(f"data ready in {time.monotonic() - started:.0f} s; starting gunicorn on {base_url}")

    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments  # nosec B603
        [GUNICORN, "-c", str(BASE / "coursesite" / "gunicorn.conf.py"), "coursesite.wsgi"],
        env=env,
        cwd=BASE,
        start_new_session=True,
    )
    results = []
    try:
        wait_until_up(base_url, server)
        if args.serve:
            log(f"serving until stopped (fixtures in {fixtures_path})")
            server.wait()
            return 0
        planned = scenarios(fixtures)
        checks = {}
        for scenario in planned:
            checks[scenario["name"]] = probe(base_url, scenario)
            if args.warmup:
                wrk(base_url, scenario, args.warmup, scenario.get("connections", args.connections))
        # Interleaved rounds: a change in the machine's load (other processes) falls on every
        # scenario alike instead of on whichever happened to run at that moment.
        rounds = {scenario["name"]: [] for scenario in planned}
        slice_seconds = max(2, args.seconds // args.rounds)
        for number in range(args.rounds):
            log(f"round {number + 1} of {args.rounds}: {slice_seconds} s per scenario")
            for scenario in planned:
                connections = scenario.get("connections", args.connections)
                rounds[scenario["name"]].append(wrk(base_url, scenario, slice_seconds, connections))
        for scenario in planned:
            result = combine(rounds[scenario["name"]])
            results.append(
                {"name": scenario["name"], "label": scenario["label"], **result, **checks[scenario["name"]]}
            )
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        if not args.keep_db:
            drop_database(args.db)

    baseline = results[0]
    for result in results:
        result["rps_ratio"] = result["rps"] / baseline["rps"] if baseline["rps"] else 0.0
        result["p50_ratio"] = result["p50_ms"] / baseline["p50_ms"] if baseline["p50_ms"] else 0.0
        result["p95_ratio"] = result["p95_ms"] / baseline["p95_ms"] if baseline["p95_ms"] else 0.0
        result["target"] = judge(result["name"], result)
    missing = [name for name in TARGETS if name not in {r["name"] for r in results}]
    print()
    print(
        f"make bench DB={args.db}: gunicorn {args.workers} workers, wrk on the same machine, "
        "x base = ratio to the baseline"
    )
    print(table(results))
    for name in missing:
        print(f"{name}: not measured (its feature is not installed)")
    print(f"data: {', '.join(f'{v:,} {k}' for k, v in fixtures['counts'].items())}")
    load_after = os.getloadavg()
    print(
        f"machine load (1-minute average, {os.cpu_count()} cores): {load_before[0]:.1f} before, "
        f"{load_after[0]:.1f} after: other processes share these cores, hence the ratios"
    )
    report = {
        "database": args.db,
        "workers": args.workers,
        "seconds_per_scenario": args.seconds,
        "data": fixtures["counts"],
        "results": results,
        "not_measured": missing,
        "load_average": {"before": load_before, "after": load_after},
        "wall_seconds": round(time.monotonic() - started),
    }
    for name in ("results.json", f"results-{args.db}.json"):
        (BENCH / name).write_text(json.dumps(report, indent=2), encoding="utf-8")
    log(f"wrote bench/results.json ({report['wall_seconds']} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
