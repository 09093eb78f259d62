"""Model hooks for the audited models (hub.audit.registry): the values an instance had when it
was loaded are kept on it (post_init, from the instance's own attributes: no query), and every
save or delete records an entry (post_save / post_delete). A cross-cutting record, not domain
logic: it is why the admin, the API, pages and tasks all leave the same trail without each
write path remembering to. Bulk writes record through audit_record_many instead."""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_delete, post_init, post_save, pre_delete

from hub.audit.models import AuditAction
from hub.audit.registry import AUDITED
from hub.audit.services import SNAPSHOT_ATTRIBUTE, accounts_being_deleted, audit_record, audit_snapshot


def _loaded(sender, instance, **kwargs) -> None:  # type: ignore[no-untyped-def]
    # A new object (no primary key yet) has no stored state: its first save is a creation.
    setattr(instance, SNAPSHOT_ATTRIBUTE, audit_snapshot(instance) if instance.pk is not None else None)


def _saved(sender, instance, created, raw=False, update_fields=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
    if raw:
        return  # fixtures and restores replay stored rows; they are not changes
    audit_record(
        instance, action=AuditAction.CREATE if created else None, update_fields=None if created else update_fields
    )


def _deleted(sender, instance, **kwargs) -> None:  # type: ignore[no-untyped-def]
    audit_record(instance, action=AuditAction.DELETE)


def _account_deleting(sender, instance, **kwargs) -> None:  # type: ignore[no-untyped-def]
    # The account's entries go with it; the rows deleted with it record nothing.
    accounts_being_deleted().add(instance.pk)


def _account_deleted(sender, instance, **kwargs) -> None:  # type: ignore[no-untyped-def]
    accounts_being_deleted().discard(instance.pk)


def connect() -> None:
    account_model = apps.get_model("accounts.selleraccount")
    pre_delete.connect(_account_deleting, sender=account_model, dispatch_uid="audit:account-deleting", weak=False)
    for label in AUDITED:
        model = apps.get_model(label)
        uid = f"audit:{label}"
        post_init.connect(_loaded, sender=model, dispatch_uid=uid, weak=False)
        post_save.connect(_saved, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid, weak=False)
    # After the audited models' own handler, so the account's own deletion is skipped too.
    post_delete.connect(_account_deleted, sender=account_model, dispatch_uid="audit:account-deleted", weak=False)
