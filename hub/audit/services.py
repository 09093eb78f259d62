"""Writing audit entries. `audit_record(obj)` after a save compares the object with the values it
had when it was loaded (captured by hub.audit.recorders at load time, no query) and writes one
entry with every changed field before and after; nothing changed, nothing written. The entry is
written in the caller's transaction, so a rolled-back change leaves no entry."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.db import models

from hub.audit.context import audit_actor_current
from hub.audit.models import AuditAction, AuditEntry
from hub.audit.registry import STOCK_REASONS_AUDITED, AuditSpec, audit_spec_for

SNAPSHOT_ATTRIBUTE = "_audit_loaded"
_deleting: ContextVar[set[int] | None] = ContextVar("audit_accounts_being_deleted", default=None)


def accounts_being_deleted() -> set[int]:
    current = _deleting.get()
    if current is None:
        current = set()
        _deleting.set(current)
    return current


SET, EMPTY = "(set)", "(empty)"


def _attname(model: type[models.Model], name: str) -> str:
    return model._meta.get_field(name).attname


def audit_snapshot(obj: models.Model, spec: AuditSpec | None = None) -> dict[str, Any]:
    """The tracked fields' current values, read from the instance only (deferred fields are left
    out rather than loaded)."""
    spec = spec or audit_spec_for(type(obj))
    if spec is None:
        return {}
    values = obj.__dict__
    snapshot = {}
    for name in spec.fields:
        attname = _attname(type(obj), name)
        if attname in values:
            snapshot[name] = values[attname]
    return snapshot


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _shown(name: str, value: Any, spec: AuditSpec) -> Any:
    if name in spec.secret_fields:
        return SET if value else EMPTY
    return _plain(value)


def _diff(before: dict | None, after: dict | None, spec: AuditSpec, only: Iterable[str] | None) -> dict:
    names = list(spec.fields if only is None else [n for n in spec.fields if n in set(only)])
    changes = {}
    for name in names:
        old = None if before is None else before.get(name)
        new = None if after is None else after.get(name)
        if before is not None and after is not None:
            if name not in before or name not in after or old == new:
                continue
        elif (before if after is None else after).get(name) in (None, "", [], {}):
            continue  # a creation or deletion lists the fields that have a value
        if name in spec.secret_fields:
            changes[name] = [
                None if before is None else _shown(name, old, spec),
                None if after is None else _shown(name, new, spec),
            ]
        else:
            changes[name] = [None if before is None else _plain(old), None if after is None else _plain(new)]
    return changes


def _account_id(obj: models.Model, spec: AuditSpec) -> int | None:
    return getattr(obj, spec.account_attribute, None)


def _is_audited(obj: models.Model) -> bool:
    if obj._meta.label_lower == "inventory.stockmovement":
        return getattr(obj, "reason", "") in STOCK_REASONS_AUDITED
    return True


def _entry(obj, spec, action, changes, actor_user, source) -> AuditEntry:  # type: ignore[no-untyped-def]
    return AuditEntry(
        account_id=_account_id(obj, spec),
        actor=actor_user,
        actor_email=getattr(actor_user, "email", "") or "",
        source=source,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=changes,
    )


def _prepare(obj, action, update_fields, user, source) -> AuditEntry | None:  # type: ignore[no-untyped-def]
    spec = audit_spec_for(type(obj))
    if spec is None or not _is_audited(obj):
        return None
    loaded = getattr(obj, SNAPSHOT_ATTRIBUTE, None)
    current = audit_snapshot(obj, spec)
    if action == AuditAction.DELETE:
        changes = _diff(loaded if loaded is not None else current, None, spec, None)
    elif action == AuditAction.CREATE or loaded is None:
        action = AuditAction.CREATE
        changes = _diff(None, current, spec, None)
    else:
        action = AuditAction.UPDATE
        changes = _diff(loaded, current, spec, update_fields)
        if not changes:
            return None
    # The next save of this instance is compared with what is stored now.
    setattr(obj, SNAPSHOT_ATTRIBUTE, current)
    if action not in spec.actions:
        return None
    account_id = _account_id(obj, spec)
    if account_id is None or account_id in accounts_being_deleted():
        return None
    actor = audit_actor_current()
    return _entry(obj, spec, action, changes, user or actor.resolved_user(), source or actor.source)


def audit_record(
    obj: models.Model,
    *,
    action: str | None = None,
    update_fields: Iterable[str] | None = None,
    user: Any = None,
    source: str | None = None,
) -> AuditEntry | None:
    """Record what changed on `obj` since it was loaded (or its creation/deletion)."""
    entry = _prepare(obj, action, update_fields, user, source)
    if entry is not None:
        entry.save()
    return entry


def audit_record_many(
    objects: Iterable[models.Model],
    *,
    action: str | None = None,
    update_fields: Iterable[str] | None = None,
    user: Any = None,
    source: str | None = None,
    values: dict[str, Any] | None = None,
) -> int:
    """The same for rows written in bulk (bulk_create, bulk_update). After a queryset.update of
    loaded rows, pass what it wrote as `values`: the instances take those values first."""
    fields = list(update_fields) if update_fields is not None else None
    objects = list(objects)
    for obj in objects:
        for name, value in (values or {}).items():
            setattr(obj, name, value)
    entries = [e for e in (_prepare(o, action, fields, user, source) for o in objects) if e is not None]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def audit_prune(*, older_than_days: int) -> int:
    from datetime import timedelta

    from django.utils import timezone

    if older_than_days <= 0:
        return 0
    deleted, _ = AuditEntry.objects.filter(created_at__lt=timezone.now() - timedelta(days=older_than_days)).delete()
    return deleted
