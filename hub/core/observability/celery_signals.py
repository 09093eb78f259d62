"""Celery's signals → log context (task id, job id), task metrics and the worker heartbeat.
Connected by hub.config.celery (the wiring)."""

from __future__ import annotations

import inspect
import logging
import time

from celery import signals

from hub.core.observability import context, metrics

logger = logging.getLogger(__name__)

_running: dict[str, tuple[float, list]] = {}
_heartbeat = None


def _job_id(task, args, kwargs):  # type: ignore[no-untyped-def]
    """A task working for a publish job takes its pk as `job_pk` (listings.publish_job_run)."""
    if kwargs and "job_pk" in kwargs:
        return kwargs["job_pk"]
    try:
        parameters = list(inspect.signature(task.run).parameters)
    except (TypeError, ValueError):
        return None
    if "job_pk" in parameters and args:
        index = parameters.index("job_pk")
        return args[index] if index < len(args) else None
    return None


@signals.task_prerun.connect
def _prerun(task_id=None, task=None, args=None, kwargs=None, **_):  # type: ignore[no-untyped-def]
    tokens = [
        (context.task_id, context.task_id.set(task_id)),
        (context.job_id, context.job_id.set(_str(_job_id(task, args or (), kwargs or {})))),
    ]
    _running[task_id] = (time.perf_counter(), tokens)


def _str(value):  # type: ignore[no-untyped-def]
    return None if value is None else str(value)


@signals.task_postrun.connect
def _postrun(task_id=None, task=None, state=None, **_):  # type: ignore[no-untyped-def]
    started, tokens = _running.pop(task_id, (None, []))
    seconds = time.perf_counter() - started if started is not None else None
    metrics.task_finished(task=getattr(task, "name", "?"), state=(state or "UNKNOWN").lower(), seconds=seconds)
    for var, token in reversed(tokens):
        try:
            var.reset(token)
        except ValueError:  # set in another context (a thread pool): just clear it
            var.set(None)


@signals.task_failure.connect
def _failure(sender=None, exception=None, **_):  # type: ignore[no-untyped-def]
    metrics.task_failed(task=getattr(sender, "name", "?"), exception=type(exception).__name__)


@signals.worker_ready.connect
def _worker_ready(sender=None, **_):  # type: ignore[no-untyped-def]
    from hub.core.observability.workers import HeartbeatThread

    global _heartbeat
    try:
        hostname = sender.hostname
        queues = sorted(queue.name for queue in sender.task_consumer.queues)
    except AttributeError:
        hostname, queues = getattr(sender, "hostname", "worker"), []
    _heartbeat = HeartbeatThread(hostname, queues)
    _heartbeat.start()
    logger.info("worker %s consuming %s", hostname, ",".join(queues))


@signals.worker_shutdown.connect
def _worker_shutdown(**_):  # type: ignore[no-untyped-def]
    if _heartbeat is not None:
        _heartbeat.stop()
