"""Who is acting, and through what: set once per request by AuditContextMiddleware (the user is
read when an entry is written, so DRF's token authentication, which runs in the view, counts),
or explicitly around imports, tasks and commands with `audit_context(...)`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class AuditActor:
    user: Any = None
    source: str = ""
    request: HttpRequest | None = None

    def resolved_user(self) -> Any:
        if self.user is not None:
            return self.user
        user = getattr(self.request, "user", None) if self.request is not None else None
        return user if user is not None and user.is_authenticated else None


_current: ContextVar[AuditActor | None] = ContextVar("audit_actor", default=None)


def audit_actor_current() -> AuditActor:
    return _current.get() or AuditActor(source="task")


@contextmanager
def audit_context(*, user: Any = None, source: str | None = None) -> Iterator[AuditActor]:
    """Inside the block, entries name `user` (default: the request's) and `source`."""
    outer = audit_actor_current()
    actor = AuditActor(user=user or outer.user, source=source or outer.source, request=outer.request)
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def _source_for(path: str) -> str:
    if path.startswith("/admin/"):
        return "admin"
    if path.startswith("/api/"):
        return "api"
    return "page"


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(AuditActor(source=_source_for(request.path), request=request))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
