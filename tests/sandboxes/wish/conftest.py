import pytest

from infra.sandboxes.common.server import SandboxConfig, ServedSandbox
from infra.sandboxes.wish.app import create_app
from tests.sandboxes.wish.wish_client import WishClient


@pytest.fixture
def make_sandbox(tmp_path):
    """`make_sandbox(**options)` → a served Wish sandbox on a free loopback port."""
    served: list[ServedSandbox] = []

    def make(*, order_interval: float = 0, speedup: float = 1, **options) -> ServedSandbox:
        options.setdefault("review_seconds", 0)
        config = SandboxConfig(
            name="wish",
            state_path=tmp_path / f"wish-{len(served)}.sqlite3",
            speedup=speedup,
            seed=5,
            order_interval=order_interval,
            options=options,
        )
        sandbox = ServedSandbox(create_app(config)).start()
        served.append(sandbox)
        return sandbox

    yield make
    for sandbox in served:
        sandbox.app.extensions["wish"]["scheduler"].stop()
        sandbox.stop()


@pytest.fixture
def sandbox(make_sandbox):
    return make_sandbox()


@pytest.fixture
def client(sandbox):
    return WishClient(sandbox.url)
