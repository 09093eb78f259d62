"""Behind nginx (MEDIA_X_ACCEL_REDIRECT_PREFIX set): the hub still decides who may see a file,
then answers an empty response with `X-Accel-Redirect` for nginx's internal location."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hub.core.media import media_url_signed
from tests.factories.accounts import MembershipFactory
from tests.hub.support import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(account, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.MEDIA_X_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    return default_storage.save(f"accounts/{account.pk}/products/7/front image.png", ContentFile(png_bytes()))


def test_a_member_gets_an_accel_redirect_and_no_body(client, account, stored):
    client.force_login(MembershipFactory(account=account).user)

    response = client.get(f"/media/{stored}")

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/accounts/{account.pk}/products/7/front%20image.png"
    assert response.content == b""
    assert "Content-Type" not in response
    assert "private" in response["Cache-Control"]


def test_a_signed_url_gets_it_too_and_a_stranger_or_a_missing_file_does_not(client, account, stored):
    assert client.get(media_url_signed(stored)).has_header("X-Accel-Redirect")
    stranger = client.get(f"/media/{stored}")
    assert stranger.status_code == 404 and not stranger.has_header("X-Accel-Redirect")
    client.force_login(MembershipFactory(account=account).user)
    missing = client.get(f"/media/accounts/{account.pk}/products/7/nothing.png")
    assert missing.status_code == 404 and not missing.has_header("X-Accel-Redirect")


def test_without_redis_the_queue_check_defers_to_the_ping(settings):
    """`make run` (no Redis): the web cannot see the workers' heartbeats, so it does not fail on them."""
    from hub.core.observability.health import check_heartbeats

    settings.REDIS_URL = ""
    settings.METRICS_REDIS_URL = ""
    queues, _tick = check_heartbeats()
    assert queues.level == "ok" and "ping" in queues.detail
