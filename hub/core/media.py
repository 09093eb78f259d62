"""Account media (product images) are private to the account's members.

Local storage (the embedded default): `/media/<name>` is served by `media_serve`, only when
- the name lies under `accounts/<pk>/` and the logged-in user is a member of that account, or
- the URL carries a valid, unexpired `token` made by `media_url_signed` for exactly that name
  (what marketplaces and API clients fetch: they have no session).
Everything else — strangers, other accounts' members, bad or expired tokens, other paths — is 404.

S3 (AWS_STORAGE_BUCKET_NAME set, production): the bucket stays private and `media_url_signed`
answers a presigned URL (boto3, query-string auth) that expires the same way.
"""

from __future__ import annotations

import re
import time
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.views.static import serve

SALT = "hub.core.media"
ACCOUNT_PATH = re.compile(r"^accounts/(?P<pk>\d+)/")


def _is_local() -> bool:
    return isinstance(default_storage, FileSystemStorage)


def media_url_signed(name: str, expires_in: int | None = None) -> str:
    """A URL anyone holding it may fetch until it expires (default MEDIA_SIGNED_URL_SECONDS).
    Local storage: a path (`/media/...?token=...`); S3: an absolute presigned URL."""
    seconds = int(expires_in if expires_in is not None else settings.MEDIA_SIGNED_URL_SECONDS)
    if not _is_local():
        return default_storage.url(name, expire=seconds)
    token = signing.dumps({"n": name, "e": int(time.time()) + seconds}, salt=SALT, compress=True)
    return f"{settings.MEDIA_URL.rstrip('/')}/{quote(name)}?token={token}"


def _token_allows(token: str, name: str) -> bool:
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return False
    return isinstance(payload, dict) and payload.get("n") == name and int(payload.get("e", 0)) >= time.time()


def _member_allows(request: HttpRequest, account_pk: int) -> bool:
    from hub.accounts.models import Membership

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, account_id=account_pk).exists()


def media_serve(request: HttpRequest, path: str) -> HttpResponse:
    match = ACCOUNT_PATH.match(path)
    if match is None:
        raise Http404
    token = request.GET.get("token", "")
    if not (token and _token_allows(token, path)) and not _member_allows(request, int(match.group("pk"))):
        raise Http404
    prefix = getattr(settings, "MEDIA_X_ACCEL_REDIRECT_PREFIX", "")
    if prefix:
        # nginx sends the file from its internal location (infra/deploy/nginx/hub.conf).
        if ".." in path.split("/") or not default_storage.exists(path):
            raise Http404
        response = HttpResponse()
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(path)
        del response["Content-Type"]
        response["Cache-Control"] = "private, max-age=3600"
        return response
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    # Private: shared caches must not keep a member's image for strangers.
    response["Cache-Control"] = "private, max-age=3600"
    return response
