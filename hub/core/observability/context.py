"""The ids a log line carries: the HTTP request, the Celery task and the publish job it serves."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
task_id: ContextVar[str | None] = ContextVar("task_id", default=None)
job_id: ContextVar[str | None] = ContextVar("job_id", default=None)

FIELDS = {"request_id": request_id, "task_id": task_id, "job_id": job_id}


def current() -> dict[str, str | None]:
    return {name: var.get() for name, var in FIELDS.items()}


@contextlib.contextmanager
def bound(**values: object) -> Iterator[None]:
    """`with bound(job_id=7): ...` — every log line inside carries the ids."""
    tokens = [(FIELDS[name], FIELDS[name].set(None if value is None else str(value))) for name, value in values.items()]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)
