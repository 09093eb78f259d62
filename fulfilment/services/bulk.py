"""Writing many rows of one model at once (an ingested page of orders and their lines).

On PostgreSQL one `UPDATE … FROM UNNEST(…)` per 500 rows, an array parameter per column: Django's `bulk_update` builds a
CASE per row and field, which costs more in Python than the rows do in the database. Other
databases use `bulk_update`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db import connection
from django.db.models import Model
from django.utils import timezone

CHUNK = 500


def rows_update(objs: Sequence[Model], fields: Sequence[str]) -> None:
    """Save `fields` of `objs` (all saved rows of one model); `auto_now` fields are set too."""
    if not objs:
        return
    meta = type(objs[0])._meta
    names = list(dict.fromkeys(fields))
    now = timezone.now()
    for field in meta.concrete_fields:
        if getattr(field, "auto_now", False):
            for obj in objs:
                setattr(obj, field.attname, now)
            if field.name not in names:
                names.append(field.name)
    columns = [meta.get_field(name) for name in names]
    if connection.vendor != "postgresql":
        type(objs[0]).objects.bulk_update(objs, names, batch_size=200)
        return
    quote = connection.ops.quote_name
    pk = meta.pk
    every = [pk, *columns]
    arrays, casts = [], []
    for column in every:
        if column.get_internal_type() == "JSONField":  # sent as text, read back as jsonb
            arrays.append("%s::text[]")
            casts.append(f"v.{quote(column.column)}::jsonb")
        else:
            arrays.append(f"%s::{column.db_type(connection).split('(')[0]}[]")
            casts.append(f"v.{quote(column.column)}")
    assignments = ", ".join(f"{quote(column.column)} = {cast}" for column, cast in zip(columns, casts[1:], strict=True))
    aliases = ", ".join(quote(column.column) for column in every)
    sql = (
        f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "
        f"FROM UNNEST({', '.join(arrays)}) AS v({aliases}) WHERE t.{quote(pk.column)} = v.{quote(pk.column)}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objs), CHUNK):
            chunk = objs[start : start + CHUNK]
            cursor.execute(sql, [[_value(column, obj) for obj in chunk] for column in every])


def _value(column, obj):  # type: ignore[no-untyped-def]
    value = getattr(obj, column.attname)
    if column.get_internal_type() == "JSONField":
        return None if value is None else json.dumps(column.get_prep_value(value), cls=column.encoder)
    return column.get_db_prep_save(value, connection)
