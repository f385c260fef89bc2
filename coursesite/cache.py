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
- page copies, fragments and the content version are rebuilt from the database.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
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
    "clear",
)


class _Outage:
    """Process-wide: Django makes one cache object per thread, and all must agree."""

    def __init__(self):
        self.lock = threading.Lock()
        self.until = 0.0
        self.reason = ""

    def active(self):
        return time.monotonic() < self.until

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


class ResilientRedisCache(RedisCache):
    """RedisCache that degrades to a per-process memory cache while Redis fails."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.fallback_seconds = float(params.get("FALLBACK_SECONDS", 5))
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
                return getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                self._outage.begin(type(error).__name__, self.fallback_seconds)
        return getattr(self._fallback, name)(*args, **kwargs)


def _delegate(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"RedisCache.{name}, or this process's memory while Redis fails."
    return method


for _name in _SYNC_METHODS:
    setattr(ResilientRedisCache, _name, _delegate(_name))
