import os

import pytest
import redis
from cryptography.fernet import Fernet

from channels.ratelimit import _limiter_for

TEST_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _channel_settings(settings):
    settings.CHANNELS_CREDENTIAL_KEYS = [TEST_KEY]
    settings.CHANNELS_RATE_SPEEDUP = 1.0
    settings.CHANNELS_RATE_SAFETY = 0.95
    settings.CHANNELS_RATE_WAIT_SECONDS = 0.0
    settings.CHANNELS_HTTP_TIMEOUT_SECONDS = 5.0


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL", "")
    if not url:  # only with HUB_TESTS_PARTIAL=1: otherwise the suite refused to start
        pytest.skip("needs REDIS_URL (a Redis database of its own)")
    client = redis.Redis.from_url(url)

    def forget_buckets():  # only the limiter's keys: the database may hold other data
        for key in client.scan_iter(match="channels:rl:*"):
            client.delete(key)

    forget_buckets()
    yield url
    forget_buckets()


@pytest.fixture
def local_limiter(settings):
    """Adapters built in the test use an in-process limiter (no Redis state between tests)."""
    settings.REDIS_URL = ""
    _limiter_for.cache_clear()
    yield _limiter_for("")
    _limiter_for.cache_clear()
