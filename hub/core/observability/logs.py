"""JSON log lines (python-json-logger): one object per line with time, level, logger, message,
the request / task / job ids and any `extra=` fields. python-json-logger is a plain
`logging.Formatter`, so every existing `logging.getLogger(...)` call in the hub, Django, Celery and
gunicorn logs through it unchanged (structlog would need its own logger API or a bridge)."""

from __future__ import annotations

import logging

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from hub.core.observability import context


class ContextFilter(logging.Filter):
    """Puts request_id, task_id and job_id on every record (None outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in context.current().items():
            if getattr(record, name, None) is None:
                setattr(record, name, value)
        return True


class JsonFormatter(_JsonFormatter):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict) -> None:  # type: ignore[no-untyped-def]
        super().add_fields(log_data, record, message_dict)
        for name, value in context.current().items():
            value = getattr(record, name, None) or value
            if value is not None:
                log_data[name] = value
            else:
                log_data.pop(name, None)
