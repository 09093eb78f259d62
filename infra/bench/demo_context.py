"""What the benchmarks that drive the demo seller against their own sandboxes share."""

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from unittest import mock

from django.test import override_settings


@contextmanager
def demo_on_sandboxes(urls: dict[str, str], *, speedup: float, redis_url: str = "", **settings) -> Iterator[None]:
    """Channel accounts pointed at these sandboxes, pacing at `speedup`, verification not queued to
    a worker (the bench verifies itself) and the demo's own first publish left out (the bench
    publishes what it measures); the rate limiter starts empty."""
    from channels import tasks as channel_tasks
    from channels.ratelimit import _limiter_for
    from infra.demo import loader

    with ExitStack() as stack:
        stack.enter_context(
            override_settings(
                CHANNELS_SANDBOX_URLS=urls, CHANNELS_RATE_SPEEDUP=speedup, REDIS_URL=redis_url, **settings
            )
        )
        stack.enter_context(mock.patch.object(channel_tasks.channel_account_verify_task, "delay", lambda *a, **k: None))
        extensions = [path for path in loader.DEMO_EXTENSIONS if not path.endswith("publish_demo")]
        stack.enter_context(mock.patch.object(loader, "DEMO_EXTENSIONS", extensions))
        _limiter_for.cache_clear()
        yield
