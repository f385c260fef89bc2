"""/healthz: django-health-check's checks (database, storage) plus the shared cache and the mail
queue, summed up for a load balancer and for a person.

- "ok" (200): everything answers.
- "degraded" (200): the site works, but something behind it does not; "reasons" says what
  (Redis down: each process counts and caches in its own memory; mail not being sent).
- "error" (503): the database does not answer, and the site cannot work without it.
"""

import dataclasses
import datetime
import logging
import time
import uuid

from django.core.cache import caches
from django.db.models import Q
from django.utils import timezone
from django_tasks import task_backends
from health_check.base import HealthCheck, HealthCheckResult
from health_check.checks import Database, Storage
from health_check.exceptions import HealthCheckException, ServiceWarning

from coursesite.mail import MAIL_BACKEND, MAIL_QUEUE

logger = logging.getLogger(__name__)

# Mail still waiting this long after it was due means no mail worker is running.
QUEUE_STALE_AFTER = datetime.timedelta(minutes=10)


@dataclasses.dataclass
class SharedCache(HealthCheck):
    """Redis answers (coursesite.cache asks it directly), or the cache in use keeps a value."""

    def run(self):
        backend = caches["default"]
        if hasattr(backend, "degraded_reason"):
            reason = backend.degraded_reason()
            if reason:
                raise ServiceWarning(reason)
            return
        key = f"healthz:{uuid.uuid4().hex}"
        backend.set(key, "ok", 5)
        if backend.get(key) != "ok":
            raise ServiceWarning("The cache does not keep values")
        backend.delete(key)


@dataclasses.dataclass
class MailQueue(HealthCheck):
    """Queued mail is being sent: nothing due has waited longer than QUEUE_STALE_AFTER."""

    def run(self):
        if not task_backends[MAIL_BACKEND].supports_defer:
            return  # mail is sent at once (tests): nothing can wait
        from django_tasks_db.models import DBTaskResult, get_date_max

        long_ago = timezone.now() - QUEUE_STALE_AFTER
        due_long_ago = Q(run_after__lt=long_ago) | Q(run_after=get_date_max(), enqueued_at__lt=long_ago)
        waiting = DBTaskResult.objects.ready().filter(due_long_ago, queue_name=MAIL_QUEUE).count()
        if waiting:
            raise ServiceWarning(f"{waiting} emails 10+ minutes overdue: is a mail worker running?")


CHECKS = (Database(), Storage(), SharedCache(), MailQueue())


def run_checks(checks):
    """Run each check in this thread, one after another (django-health-check's own view runs
    them in a thread pool, whose database connections would outlive the request)."""
    results = []
    for check in checks:
        start = time.perf_counter()
        try:
            check.run()
        except HealthCheckException as error:
            logger.warning("Health check %r failed: %s", check, error)
            results.append(HealthCheckResult(check, error, time.perf_counter() - start))
        except Exception:
            logger.exception("Health check %r failed unexpectedly", check)
            failure = HealthCheckException("unknown error")
            results.append(HealthCheckResult(check, failure, time.perf_counter() - start))
        else:
            results.append(HealthCheckResult(check, None, time.perf_counter() - start))
    return results


def summary(results):
    """(status, HTTP status, {check: "ok" or what is wrong}): the database failing is an error,
    anything else makes the site degraded."""
    checks, status = {}, "ok"
    for result in results:
        name = type(result.check).__name__.lower()
        checks[name] = "ok" if result.error is None else str(result.error)
        if result.error is None:
            continue
        if isinstance(result.check, Database):
            status = "error"
        elif status == "ok":
            status = "degraded"
    return status, 503 if status == "error" else 200, checks
