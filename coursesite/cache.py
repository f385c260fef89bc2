"""The Redis cache, made survivable: when Redis is down or frozen the site keeps working.

Django's RedisCache raises on every call while Redis is unreachable, and without timeouts a
frozen Redis holds every request. This backend:
- gives Redis short connect and read timeouts (settings: OPTIONS socket_connect_timeout and
  socket_timeout, in seconds);
- on any Redis error, answers from a cache in this process's memory instead, and keeps doing so
  for FALLBACK_SECONDS before trying Redis again, so a dead Redis costs one timeout per process
  every few seconds, not one per request.

What that means for what the cache holds (README, "When Redis fails"):
- sessions are cached_db: the database has every session, so a miss costs one query;
- rate limits (allauth's, coursesite.throttle's) keep counting, per process, in the fallback:
  never silently off;
- page copies, fragments and the content version are rebuilt from the database; a publish made
  during the outage moved only its own process's content version, so when Redis answers again
  the keys in RECOVERY_DELETE (the content version) are deleted and every page renders afresh.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_SYNC_METHODS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
)
SCAN_BATCH = 500


class _Outage:
    """Process-wide: Django makes one cache object per thread, and all must agree."""

    def __init__(self):
        self.lock = threading.Lock()
        self.until = 0.0
        self.reason = ""

    def active(self):
        return time.monotonic() < self.until

    def end(self):
        """True for the one caller that notices the outage is over (then it tidies up)."""
        with self.lock:
            ended, self.until = self.until > 0, 0.0
            return ended

    def begin(self, reason, seconds):
        with self.lock:
            if not self.active():
                logger.warning("Redis unavailable (%s): using this process's memory for %ss", reason, seconds)
            self.until = time.monotonic() + seconds
            self.reason = reason


_outages = {}
_outages_lock = threading.Lock()


def _outage_for(location):
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class KeptClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client with one redis.Redis per connection pool, kept.

    Django's makes a new redis.Redis for every cache call, and each one builds its table of some
    500 response callbacks: 40-75 us of CPU a call, measured with bench/profile_pages.py, on
    every call of every request (session, content version, fragments, rate limits). A
    redis.Redis holds no connection of its own (it borrows one from the pool for each command)
    and is safe to share between threads, so one per pool serves every call.
    """

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._kept = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._kept.get(pool)
        if client is None:
            client = self._kept[pool] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache that degrades to a per-process memory cache while Redis fails."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
        self.fallback_seconds = float(params.get("FALLBACK_SECONDS", 5))
        self.recovery_delete = list(params.get("RECOVERY_DELETE", []))
        self._location = server if isinstance(server, str) else ",".join(server)
        self._outage = _outage_for(self._location)
        self._fallback = LocMemCache(
            f"redis-fallback:{self._location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": int(params.get("FALLBACK_MAX_ENTRIES", 10_000))},
            },
        )

    def degraded_reason(self):
        """None while Redis answers; otherwise why not (for /healthz). Asks Redis itself."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError as error:
            self._outage.begin(type(error).__name__, self.fallback_seconds)
            return f"Redis unavailable ({type(error).__name__}); using each process's memory"
        return None

    def _call(self, name, *args, **kwargs):
        if not self._outage.active():
            try:
                result = getattr(super(), name)(*args, **kwargs)
                if self._outage.until and self._outage.end():
                    self._after_outage()
                return result
            except RedisError as error:
                self._outage.begin(type(error).__name__, self.fallback_seconds)
        return getattr(self._fallback, name)(*args, **kwargs)

    def clear(self):
        """Delete this site's keys only (KEY_PREFIX), never the whole Redis database: several
        sites may share one Redis (Django's RedisCache.clear() is FLUSHDB)."""
        self._fallback.clear()
        if self._outage.active():
            return
        client = self._cache.get_client(write=True)
        prefix = "".join(f"\\{c}" if c in "*?[]\\" else c for c in self.key_prefix)
        pattern = f"{prefix}:*"  # Django's keys are "<KEY_PREFIX>:<version>:<key>"
        try:
            batch = []
            for key in client.scan_iter(match=pattern, count=SCAN_BATCH):
                batch.append(key)
                if len(batch) >= SCAN_BATCH:
                    client.unlink(*batch)
                    batch = []
            if batch:
                client.unlink(*batch)
        except RedisError as error:
            self._outage.begin(type(error).__name__, self.fallback_seconds)

    def _after_outage(self):
        logger.warning("Redis answers again; clearing %s", ", ".join(self.recovery_delete) or "nothing")
        if not self.recovery_delete:
            return
        try:
            super().delete_many(self.recovery_delete)
        except RedisError as error:
            self._outage.begin(type(error).__name__, self.fallback_seconds)


def _delegate(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"RedisCache.{name}, or this process's memory while Redis fails."
    return method


for _name in _SYNC_METHODS:
    setattr(ResilientRedisCache, _name, _delegate(_name))
