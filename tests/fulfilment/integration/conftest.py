"""Sandboxes as separate processes on free ports (the channels integration fixtures)."""

import pytest

from tests.channels.conftest import local_limiter  # noqa: F401
from tests.channels.integration.conftest import (  # noqa: F401
    aliexpress_sandbox,
    aliexpress_sandbox_process,
    amazon_sandbox,
    amazon_sandbox_process,
    connect,
    wish_sandbox,
    wish_sandbox_process,
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/tests/fulfilment/integration/" in str(item.path):
            item.add_marker(pytest.mark.integration)
