"""Image URLs marketplaces fetch. One function, so the hub's signed media URLs
(`hub.core.media.media_url_signed`) take over as soon as they exist."""

from __future__ import annotations

from django.conf import settings


def image_url(name: str) -> str:
    try:
        from hub.core.media import media_url_signed  # type: ignore[import-not-found]
    except ImportError:
        media_url_signed = None
    if media_url_signed is not None:
        url = media_url_signed(name)
        if url.startswith(("http://", "https://")):
            return url
        return _origin() + url
    return _origin() + settings.MEDIA_URL.rstrip("/") + "/" + name.lstrip("/")


def _origin() -> str:
    return (settings.LISTINGS_MEDIA_ORIGIN or settings.SITE_URL).rstrip("/")
