"""Token buckets keyed by a salted hash: limits per client, remembers no address."""

from __future__ import annotations

from feedback.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_one_more_as_the_bucket_refills():
    clock = Clock()
    limiter = RateLimiter(per_minute=3, clock=clock)
    assert [limiter.take("192.0.2.1") for _ in range(3)] == [0, 0, 0]
    assert limiter.take("192.0.2.1") == 20.0  # one token every 20 seconds
    assert limiter.take("192.0.2.2") == 0  # another client has its own bucket
    clock.now += 20
    assert limiter.take("192.0.2.1") == 0
    assert limiter.take("192.0.2.1") > 0


def test_refused_attempts_do_not_use_tokens():
    clock = Clock()
    limiter = RateLimiter(per_minute=1, clock=clock)
    limiter.take("192.0.2.1")
    for _ in range(5):
        limiter.take("192.0.2.1")
    clock.now += 60
    assert limiter.take("192.0.2.1") == 0


def test_addresses_are_not_kept_and_keys_differ_between_restarts():
    first, second = RateLimiter(per_minute=5), RateLimiter(per_minute=5)
    first.take("192.0.2.77")
    second.take("192.0.2.77")
    [key] = first._buckets
    assert len(key) == 16 and b"192.0.2.77" not in key  # a keyed hash, not the address
    assert key not in second._buckets  # a new salt each start


def test_idle_clients_are_forgotten_beyond_the_limit():
    limiter = RateLimiter(per_minute=1, max_clients=2)
    for client in ("a", "b", "c"):
        limiter.take(client)
    assert len(limiter._buckets) == 2
    assert limiter.take("a") == 0  # forgotten, so a fresh bucket
