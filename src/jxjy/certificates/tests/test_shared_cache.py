"""The verify limit at scale: `JXJY_CACHE_URL` chooses the cache, and with Redis two server
processes (two independent cache clients) share one count per address.

The Redis tests run when CI provides a server (JXJY_TEST_REDIS_URL); they use their own key
prefix and delete their keys afterwards, never flushing the database the broker may share."""

from __future__ import annotations

import os
import runpy
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

from jxjy import settings as settings_module
from jxjy.certificates import ratelimit
from jxjy.core import ratelimit as counter

REDIS = os.environ.get("JXJY_TEST_REDIS_URL", "")


def settings_with(monkeypatch: pytest.MonkeyPatch, url: str | None) -> dict[str, Any]:
    if url is None:
        monkeypatch.delenv("JXJY_CACHE_URL", raising=False)
    else:
        monkeypatch.setenv("JXJY_CACHE_URL", url)
    return runpy.run_path(settings_module.__file__)


def test_without_a_cache_url_the_cache_is_the_process_memory(monkeypatch):
    caches = settings_with(monkeypatch, None)["CACHES"]
    assert caches["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize("url", ["redis://cache.internal:6379/1", "rediss://:secret@cache.internal:6380/2"])
def test_a_redis_url_selects_djangos_redis_cache(monkeypatch, url):
    default = settings_with(monkeypatch, url)["CACHES"]["default"]
    assert default["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert default["LOCATION"] == url and default["KEY_PREFIX"] == "jxjy"


def test_an_unknown_cache_scheme_stops_start_up(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="JXJY_CACHE_URL"):
        settings_with(monkeypatch, "memcached://127.0.0.1:11211")


def attempts(monkeypatch: pytest.MonkeyPatch, cache: BaseCache, ip: str, n: int) -> int:
    """Makes `n` attempts from `ip` through `cache`; answers how many were let through."""
    monkeypatch.setattr(counter, "cache", cache)
    allowed = 0
    for _ in range(n):
        try:
            ratelimit.verify_attempt(ip)
        except ratelimit.RateLimited:
            continue
        allowed += 1
    return allowed


def test_per_process_memory_caches_count_apart(monkeypatch, settings):
    # Why the setting exists: two processes with their own memory each let the full limit through.
    settings.JXJY_CERT_VERIFY_PER_MINUTE = 5
    settings.JXJY_FROZEN_NOW = "2020-06-01T10:00:05+08:00"
    one, two = (LocMemCache(f"jxjy-test-{uuid.uuid4().hex}", {}) for _ in range(2))
    assert attempts(monkeypatch, one, "10.1.1.1", 5) + attempts(monkeypatch, two, "10.1.1.1", 5) == 10


@pytest.fixture
def redis_clients() -> Iterator[tuple[RedisCache, RedisCache]]:
    if not REDIS:
        pytest.skip("needs a Redis server (JXJY_TEST_REDIS_URL)")
    prefix = f"jxjy-test-{uuid.uuid4().hex}"
    # Two caches, each with its own connection pool: what two gunicorn processes would hold.
    one, two = (RedisCache(REDIS, {"KEY_PREFIX": prefix}) for _ in range(2))
    try:
        one._cache.get_client(write=False).ping()
    except Exception as exc:  # noqa: BLE001 - any connection failure means no usable server
        pytest.skip(f"Redis at JXJY_TEST_REDIS_URL is not reachable: {exc}")
    yield one, two
    raw = one._cache.get_client(write=True)
    keys = list(raw.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        raw.delete(*keys)
    assert not list(raw.scan_iter(match=f"{prefix}:*", count=1000))
    for cache in (one, two):
        cache.close()


def test_with_redis_two_processes_share_one_count(monkeypatch, settings, redis_clients):
    settings.JXJY_CERT_VERIFY_PER_MINUTE = 5
    settings.JXJY_FROZEN_NOW = "2020-06-01T10:00:05+08:00"
    one, two = redis_clients
    assert attempts(monkeypatch, one, "10.2.2.2", 3) == 3
    # The second process sees the first one's three: only two more pass, then it refuses.
    assert attempts(monkeypatch, two, "10.2.2.2", 4) == 2
    assert attempts(monkeypatch, one, "10.2.2.2", 1) == 0
    # Another address has its own count, on either process.
    assert attempts(monkeypatch, two, "10.2.2.3", 1) == 1
    # The next minute is a new window for both.
    settings.JXJY_FROZEN_NOW = "2020-06-01T10:01:05+08:00"
    assert attempts(monkeypatch, one, "10.2.2.2", 1) == 1


class PerThread:
    """Stands in for the module's cache: each thread uses the client it was given, as each
    server process uses its own."""

    def __init__(self) -> None:
        self.local = threading.local()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.local.cache, name)


def test_with_redis_concurrent_attempts_are_not_lost(monkeypatch, settings, redis_clients):
    settings.JXJY_CERT_VERIFY_PER_MINUTE = 20
    settings.JXJY_FROZEN_NOW = "2020-06-01T10:00:05+08:00"
    proxy = PerThread()
    monkeypatch.setattr(counter, "cache", proxy)
    start = threading.Barrier(16)

    def attempts_from(cache: RedisCache) -> int:
        proxy.local.cache = cache
        start.wait(timeout=10)
        allowed = 0
        for _ in range(4):
            try:
                ratelimit.verify_attempt("10.3.3.3")
            except ratelimit.RateLimited:
                continue
            allowed += 1
        return allowed

    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = [pool.submit(attempts_from, redis_clients[i % 2]) for i in range(16)]
        allowed = sum(f.result(timeout=30) for f in futures)
    # 64 attempts from both "processes" at once: exactly the limit passes, none counted twice or lost.
    assert allowed == 20
