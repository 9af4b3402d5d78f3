"""Throttling of sign-up, token and registration requests (DESIGN §5; rates in REST_FRAMEWORK
DEFAULT_THROTTLE_RATES), and the counters living in the shared Redis cache when one is configured, so that every
web process counts the same requests.

Redis is a real component here (DESIGN §6): when it cannot be reached the Redis tests fail, they never skip."""

import os
import pickle
import time
import uuid

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SMALL_RATES = {
    **django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
    "signup": "2/minute",
    "token": "3/minute",
    "registration": "2/minute",
}


@pytest.fixture
def small_rates():
    rest_framework = {**django_settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": SMALL_RATES}
    with override_settings(REST_FRAMEWORK=rest_framework):
        cache.clear()
        yield
        cache.clear()


def signup(kind="job-seeker", client=None, **extra):
    return (client or APIClient()).post(f"/api/v1/auth/signup/{kind}/", {}, format="json", **extra)


def token(client=None, **extra):
    body = {"username": "nobody@example.vn", "password": "x"}
    return (client or APIClient()).post("/api/v1/auth/token/", body, format="json", **extra)


def test_signup_is_throttled_per_address_across_both_forms(small_rates):
    assert [signup().status_code for _ in range(2)] == [400, 400]

    refused = signup("employer")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["detail"]
    assert signup(REMOTE_ADDR="10.0.0.2").status_code == 400  # another address has its own budget


def test_token_is_throttled_even_with_the_right_password(small_rates):
    seeker = factories.JobSeekerFactory()
    assert [token().status_code for _ in range(3)] == [401, 401, 401]

    right = APIClient().post(
        "/api/v1/auth/token/", {"username": seeker.user.email, "password": "Mat-khau-2026"}, format="json"
    )

    assert right.status_code == 429
    refresh = APIClient().post("/api/v1/auth/token/refresh/", {"refresh": "x"}, format="json")
    assert refresh.status_code == 429  # refreshing shares the budget


def test_registration_is_throttled_per_user(small_rates, fair, seeker_a, seeker_b):
    url = f"/api/v1/sessions/{fair.pk}/registrations/"
    client = client_for(seeker_a.user)

    statuses = [client.post(url, {}, format="json").status_code for _ in range(3)]

    assert statuses == [201, 200, 429]
    assert client_for(seeker_b.user).post(url, {}, format="json").status_code == 201


def test_the_default_rates_are_generous_enough_for_people(fair, seeker_a):
    """Without the small test rates, a handful of requests is never refused."""
    url = f"/api/v1/sessions/{fair.pk}/registrations/"
    client = client_for(seeker_a.user)

    assert {client.post(url, {}, format="json").status_code for _ in range(5)} == {201, 200}
    assert {token().status_code for _ in range(5)} == {401}


# --- the counters in Redis --------------------------------------------------------------------------------------


@pytest.fixture
def redis_cache():
    """The cache as production configures it with REDIS_URL (jobfair/settings.py), under a key prefix of its own
    so that nothing else in that Redis database is touched."""
    raw = redis.Redis.from_url(TEST_REDIS_URL)
    raw.ping()  # no Redis: the test fails here (DESIGN §6: a failure, never a skip)
    prefix = f"apitest-{uuid.uuid4().hex[:12]}"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": TEST_REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    rest_framework = {**django_settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": SMALL_RATES}
    try:
        with override_settings(CACHES=caches, REST_FRAMEWORK=rest_framework):
            yield raw, prefix
    finally:
        for key in raw.scan_iter(match=f"{prefix}:*"):
            raw.delete(key)


def test_two_clients_share_the_token_counter_in_redis(redis_cache):
    raw, prefix = redis_cache
    first, second = APIClient(), APIClient()  # same address, separate clients (as two web processes would see)

    assert [token(first).status_code for _ in range(2)] == [401, 401]
    assert token(second).status_code == 401
    assert token(second).status_code == 429
    assert token(first).status_code == 429

    key = f"{prefix}:1:throttle_token_127.0.0.1"
    assert raw.exists(key), sorted(k.decode() for k in raw.scan_iter(match=f"{prefix}:*"))
    history = pickle.loads(raw.get(key))
    assert len(history) == 3
    assert 0 < raw.ttl(key) <= 60


def test_a_counter_written_by_another_process_is_obeyed(redis_cache):
    """Requests counted elsewhere (another web process, written straight into Redis here) use up the budget."""
    raw, prefix = redis_cache
    now = time.time()
    raw.set(f"{prefix}:1:throttle_signup_127.0.0.1", pickle.dumps([now - 1, now - 2]), ex=60)

    assert signup().status_code == 429
    assert signup(REMOTE_ADDR="10.0.0.9").status_code == 400
    assert raw.exists(f"{prefix}:1:throttle_signup_10.0.0.9")


def test_registration_counters_are_per_user_in_redis(redis_cache, fair, seeker_a):
    raw, prefix = redis_cache
    url = f"/api/v1/sessions/{fair.pk}/registrations/"

    statuses = [client_for(seeker_a.user).post(url, {}, format="json").status_code for _ in range(3)]

    assert statuses == [201, 200, 429]
    assert raw.exists(f"{prefix}:1:throttle_registration_{seeker_a.user_id}")
