"""Row writes for the few statements every event goes through (ingress, worker checkpoints).

`insert` and `update` write model instances as `bulk_create` and `save` do, minus Django's
per-call query compilation: the SQL text is built once per model (and row count) from its
`_meta`, and each value goes through its field's own `pre_save` / `get_db_prep_save`, so what
lands in the database is what the ORM would write, on SQLite and PostgreSQL alike. Compiling
the QuerySets cost more CPU than the statements themselves (docs/performance.md, "Fixed SQL");
anything off the hot path keeps using the ORM.

`insert_with_parent` writes a row and the row that points at it (an event and its run), given as
column values rather than instances, as one statement on PostgreSQL, a data-modifying WITH:
atomic without a transaction of its own, so one round trip instead of BEGIN, two INSERTs and
COMMIT. SQLite has no DML in WITH: there the two INSERTs share a transaction. With guards it
writes only while other rows (the flow, its trigger's credential) are as the caller read them,
checked in the same statement.
`write_if` does the same for a guarded write: a conditional UPDATE (the run is still ours) and
the rows that go with it, only if it changed a row.

`columns` and `load` are the read side: a model's columns for a hand-written SELECT or
RETURNING, and an instance built from such a row with the conversions the ORM applies (SQLite
keeps UUIDs, datetimes and JSON as text), without a RawQuerySet's set-up per query.

No signals are sent: the models written here have no receivers.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone

from backend.core.prepared import fixed


def _columns(model: type[models.Model]) -> tuple[list[models.Field], bool]:
    """The fields an INSERT writes, and whether the database assigns the primary key."""
    pk = model._meta.pk
    generated = pk.db_returning  # an AutoField: the database numbers the row
    fields = [f for f in model._meta.concrete_fields if not (generated and f is pk)]
    return fields, generated


def _connection() -> Any:
    """This thread's connection itself: every value's conversion reads it, and through the
    `django.db.connection` proxy each of those reads looks the connection up again."""
    return connections[DEFAULT_DB_ALIAS]


def _names(fields: Sequence[models.Field]) -> str:
    quote = connection.ops.quote_name
    return ", ".join(quote(f.column) for f in fields)


def _typed(fields: Sequence[models.Field]) -> list[str]:
    """A placeholder per field cast to its column's type: in INSERT ... SELECT nothing else gives it."""
    db = _connection()
    return [f"%s::{_cast_type(f, db)}" for f in fields]


@functools.cache
def _insert_sql(model: type[models.Model], rows: int) -> str:
    fields, generated = _columns(model)
    quote = connection.ops.quote_name
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning = f" RETURNING {quote(model._meta.pk.column)}" if generated else ""
    return fixed(
        f"INSERT INTO {quote(model._meta.db_table)} ({_names(fields)}) VALUES {', '.join([one] * rows)}{returning}"
    )


@functools.cache
def _update_sql(model: type[models.Model]) -> str:
    quote = connection.ops.quote_name
    pk = model._meta.pk
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in model._meta.concrete_fields if f is not pk)
    return fixed(f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s")


def insert(objs: Sequence[models.Model]) -> None:
    """INSERT instances of one model in one statement; a database-numbered pk is set on each."""
    if not objs:
        return
    model = type(objs[0])
    db = _connection()
    fields, generated = _columns(model)
    # As bulk_create: within the database's limit of parameters per statement.
    size = max(1, db.ops.bulk_batch_size(fields, objs))
    for start in range(0, len(objs), size):
        batch = objs[start : start + size]
        for obj in batch:
            # As save() does: a foreign key to an object saved since this one was built takes its pk.
            obj._prepare_related_fields_for_save(operation_name="insert")
        params = [f.get_db_prep_save(f.pre_save(obj, add=True), db) for obj in batch for f in fields]
        with db.cursor() as cursor:
            cursor.execute(_insert_sql(model, len(batch)), params)
            ids = [row[0] for row in cursor.fetchall()] if generated else []
        for index, obj in enumerate(batch):
            if generated:
                obj.pk = ids[index]
            obj._state.adding = False
            obj._state.db = db.alias


Guard = tuple[type[models.Model], dict[str, Any]]  # a row that must exist: model, {field: value}


def _where(model: type[models.Model], conditions: Sequence[tuple[str, bool]]) -> str:
    """`field = %s AND ...` for (name, is_null) pairs, `field IS NULL` where is_null."""
    quote, meta = connection.ops.quote_name, model._meta
    return " AND ".join(f"{quote(meta.get_field(n).column)} {'IS NULL' if null else '= %s'}" for n, null in conditions)


@functools.cache
def _exists_sql(model: type[models.Model], conditions: tuple[tuple[str, bool], ...]) -> str:
    return f"SELECT 1 FROM {connection.ops.quote_name(model._meta.db_table)} WHERE {_where(model, conditions)}"


@dataclass(frozen=True)
class Guards:
    """Rows that must still match for a write to happen, as SQL and parameters converted once
    (`guards`): a caller writing under the same ones again and again (the ingress, for each
    delivery to a flow it remembers) keeps this rather than converting them per write."""

    sql: str  # `EXISTS (…) AND EXISTS (…)`, one per guard
    params: tuple[Any, ...]


def guards(*each: Guard) -> Guards:
    """`each` guard (a model and `{field: value}` conditions; a None value means IS NULL) as one condition."""
    db = _connection()
    sql, params = [], []
    for model, conditions in each:
        meta = model._meta
        sql.append(f"EXISTS ({_exists_sql(model, tuple((name, value is None) for name, value in conditions.items()))})")
        params += [meta.get_field(name).get_db_prep_value(v, db) for name, v in conditions.items() if v is not None]
    return Guards(" AND ".join(sql), tuple(params))


_GIVEN, _NOW, _CALL, _CONSTANT = range(4)


@functools.cache
def _row_plan(
    model: type[models.Model], names: tuple[str, ...], skip: str | None, vendor: str
) -> list[tuple[models.Field, int, Any]]:
    """How each INSERT parameter of a row given as values for `names` is made, in `_columns`
    order (without the column `skip`): a given value through its field, or, for a column left
    out, what `save()` would write: the time for `auto_now(_add)`, a callable default's result, or
    a constant default (else NULL), prepared here once."""
    db = _connection()
    fields, _ = _columns(model)
    unknown = set(names) - {f.attname for f in fields}
    assert not unknown, f"{model.__name__} has no column for {sorted(unknown)}"
    plan: list[tuple[models.Field, int, Any]] = []
    for f in fields:
        if f.attname == skip:
            continue
        if f.attname in names:
            plan.append((f, _GIVEN, None))
        elif isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add):
            plan.append((f, _NOW, None))
        elif f.has_default() and callable(f.default):
            plan.append((f, _CALL, None))
        else:
            plan.append((f, _CONSTANT, f.get_db_prep_save(f.get_default(), db)))
    return plan


def _inlined(how: int, value: Any) -> bool:
    """Whether a planned value is written into the SQL text (PostgreSQL) rather than sent as a
    parameter: a constant of a plain type. A parameter costs a conversion per write in psycopg
    (12 of the ingress's 31 were constants: docs/performance.md, round 16)."""
    return how == _CONSTANT and (value is None or isinstance(value, (bool, int, float, str)))


def _values_params(
    model: type[models.Model],
    values: dict[str, Any],
    db: Any,
    now: datetime.datetime,
    skip: str | None = None,
    inline: bool = False,
) -> list[Any]:
    """The INSERT parameters of a row given as `{attname: value}` (see `_row_plan`); with
    `inline`, without the constants `_placeholders` writes into the SQL."""
    params = []
    for field, how, constant in _row_plan(model, tuple(values), skip, db.vendor):
        if how == _GIVEN:
            params.append(field.get_db_prep_save(values[field.attname], db))
        elif how == _CONSTANT:
            if not (inline and _inlined(how, constant)):
                params.append(constant)
        elif how == _NOW:
            params.append(field.get_db_prep_save(now if isinstance(field, models.DateTimeField) else now.date(), db))
        else:
            params.append(field.get_db_prep_save(field.get_default(), db))
    return params


def _placeholders(model: type[models.Model], names: tuple[str, ...], skip: str | None = None) -> list[str]:
    """Each planned value's place in a PostgreSQL INSERT ... SELECT: a parameter cast to its
    column's type, or an inlined constant as a literal so cast (`_inlined`)."""
    from psycopg import sql  # here: an SQLite deployment loads no PostgreSQL driver

    db = _connection()
    out = []
    for field, how, constant in _row_plan(model, names, skip, db.vendor):
        value = sql.quote(constant).replace("%", "%%") if _inlined(how, constant) else "%s"
        out.append(f"{value}::{_cast_type(field, db)}")
    return out


@functools.cache
def _insert_with_parent_sql(
    model: type[models.Model],
    parent: type[models.Model],
    link: str,
    guard: str,
    names: tuple[str, ...],
    parent_names: tuple[str, ...],
) -> str:
    """The one PostgreSQL statement of `insert_with_parent`: the parent's row, only WHERE `guard`
    holds (`TRUE` for none), then the row pointing at it."""
    fields, _ = _columns(model)
    quote, fk = connection.ops.quote_name, model._meta.get_field(link)
    parent_fields, _ = _columns(parent)
    parent_pk = quote(parent._meta.pk.column)
    given = iter(_placeholders(model, names, fk.attname))
    values = ", ".join(f"parent.{parent_pk}" if f is fk else next(given) for f in fields)
    return fixed(
        f"WITH parent AS (INSERT INTO {quote(parent._meta.db_table)} ({_names(parent_fields)}) "
        f"SELECT {', '.join(_placeholders(parent, parent_names))} WHERE {guard} RETURNING {parent_pk}) "
        f"INSERT INTO {quote(model._meta.db_table)} ({_names(fields)}) SELECT {values} FROM parent "
        f"RETURNING {quote(fk.column)}"
    )


@functools.cache
def _link_at(model: type[models.Model], link: str) -> int:
    """Where the foreign key `link` is among an INSERT's parameters (`_columns` order)."""
    return _columns(model)[0].index(model._meta.get_field(link))


def insert_with_parent(
    model: type[models.Model],
    values: dict[str, Any],
    *,
    parent: type[models.Model],
    parent_values: dict[str, Any],
    link: str,
    guards: Guards | None = None,
) -> Any | None:
    """INSERT a row of `parent` (its pk numbered by the database) and a row of `model`, whose
    foreign key `link` points at it, all or nothing: one statement on PostgreSQL, one transaction
    elsewhere. Rows are given as `{attname: value}`; a column left out takes its default (as
    `save()` would write it), so no model instance is built: on the webhook ingress that cost a
    quarter of the web's CPU per event (docs/performance.md, round 12).

    With `guards`, only while each of their rows matches, checked in the same statement (in the
    same transaction elsewhere). Returns the parent's new pk, or None when a guard's row did not
    match and nothing was written.
    """
    db = _connection()
    _, generated = _columns(parent)
    assert generated, "the parent's pk must be numbered by the database"
    fk = model._meta.get_field(link)
    now = timezone.now()
    if db.vendor != "postgresql":
        # Every value converted before the transaction: SQLite's one write lock is held from BEGIN
        # to COMMIT, and each writer waits for all of it (backend/core/sqlite).
        parent_params = _values_params(parent, parent_values, db, now)
        params = _values_params(model, {**values, fk.attname: None}, db, now)
        link_at = _link_at(model, link)
        with transaction.atomic(using=db.alias), db.cursor() as cursor:
            if guards is not None:
                cursor.execute(f"SELECT 1 WHERE {guards.sql}", guards.params)
                if cursor.fetchone() is None:
                    return None
            cursor.execute(_insert_sql(parent, 1), parent_params)
            parent_pk = params[link_at] = cursor.fetchone()[0]  # a number, as the field would write it
            cursor.execute(_insert_sql(model, 1), params)
        return parent_pk
    params = _values_params(parent, parent_values, db, now, inline=True)
    if guards is not None:
        params += guards.params
    params += _values_params(model, values, db, now, fk.attname, inline=True)
    sql = _insert_with_parent_sql(
        model, parent, link, "TRUE" if guards is None else guards.sql, tuple(values), tuple(parent_values)
    )
    # Inside a transaction a failed statement (a duplicate) must not abort the caller's: a savepoint.
    with transaction.atomic(using=db.alias) if db.in_atomic_block else nullcontext(), db.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else row[0]


@functools.cache
def _read_fields(model: type[models.Model], only: tuple[str, ...] | None) -> tuple[models.Field, ...]:
    """The concrete fields `columns` and `load` use: all, or those named in `only`, in field order."""
    return tuple(f for f in model._meta.concrete_fields if only is None or f.attname in only)


def columns(model: type[models.Model], alias: str, only: tuple[str, ...] | None = None) -> str:
    """`alias.col, ...` for the concrete fields of `model` (or those named in `only`, by attname),
    in the model's field order: what `load` takes, with the same `only`."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(f.column)}" for f in _read_fields(model, only))


def _converters(fields: tuple[models.Field, ...], db: Any) -> list[tuple[Any, list[Any]]]:
    return [
        (col, db.ops.get_db_converters(col) + col.get_db_converters(db))
        for col in (f.get_col(f.model._meta.db_table) for f in fields)
    ]


_converters_of: dict[tuple[type[models.Model], tuple[str, ...] | None, str], list[tuple[Any, list[Any]]]] = {}


def load(model: type[models.Model], values: Sequence[Any], only: tuple[str, ...] | None = None) -> models.Model:
    """An instance of `model` from one row of `columns(model, ..., only)`, as the ORM would build
    it; fields left out of `only` are deferred (fetched on access, as after `.only()`)."""
    db = _connection()
    fields = _read_fields(model, only)
    key = (model, only, db.vendor)
    converters = _converters_of.get(key)
    if converters is None:
        converters = _converters_of[key] = _converters(fields, db)
    converted = []
    for value, (col, funcs) in zip(values, converters, strict=True):
        for func in funcs:
            value = func(value, col, db)
        converted.append(value)
    return model.from_db(db.alias, [f.attname for f in fields], converted)


def fits_one_insert(objs: Sequence[models.Model]) -> bool:
    """Whether `insert(objs)` is one statement: then, outside a transaction, it is atomic alone."""
    if not objs:
        return True
    fields, _ = _columns(type(objs[0]))
    return len(objs) <= max(1, _connection().ops.bulk_batch_size(fields, objs))


def _update_params(obj: models.Model, db: Any) -> list[Any]:
    pk = type(obj)._meta.pk
    params = [
        f.get_db_prep_save(f.pre_save(obj, add=False), db) for f in type(obj)._meta.concrete_fields if f is not pk
    ]
    params.append(pk.get_db_prep_value(obj.pk, db))
    return params


def update(obj: models.Model) -> None:
    """UPDATE every column of a saved instance (what `save()` does for an existing row)."""
    db = _connection()
    with db.cursor() as cursor:
        cursor.execute(_update_sql(type(obj)), _update_params(obj, db))


@functools.cache
def _update_where_sql(model: type[models.Model], names: tuple[str, ...], conditions: tuple[str, ...]) -> str:
    quote, meta = connection.ops.quote_name, model._meta
    assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in names)
    return fixed(
        f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {_where(model, [(c, False) for c in conditions])}"
    )


def update_where(model: type[models.Model], values: dict[str, Any], **conditions: Any) -> int:
    """`model.objects.filter(**conditions).update(**values)` for equality conditions; rows changed."""
    db = _connection()
    with db.cursor() as cursor:
        cursor.execute(
            _update_where_sql(model, tuple(values), tuple(conditions)), _where_params(model, values, conditions, db)
        )
        return cursor.rowcount


def _where_params(model: type[models.Model], values: dict[str, Any], conditions: dict[str, Any], db: Any) -> list[Any]:
    meta = model._meta
    params = [meta.get_field(name).get_db_prep_save(value, db) for name, value in values.items()]
    params += [meta.get_field(name).get_db_prep_value(value, db) for name, value in conditions.items()]
    return params


def _cast_type(field: models.Field, db: Any) -> str:
    """The type to cast a parameter to in an INSERT ... SELECT, where nothing gives it its column's.

    Without a length or precision: an explicit cast to varchar(n) would cut a long value short,
    where the column's own assignment refuses it, as in any other INSERT."""
    return field.db_type(db).split("(", 1)[0]


@functools.cache
def _write_if_sql(
    guard: tuple[type[models.Model], tuple[str, ...], tuple[str, ...]],
    inserts: tuple[tuple[type[models.Model], int], ...],
    updates: tuple[type[models.Model], ...],
) -> str:
    quote = connection.ops.quote_name
    model, names, conditions = guard
    parts = [f"guard AS ({_update_where_sql(model, names, conditions)} RETURNING 1)"]
    when = "EXISTS (SELECT 1 FROM guard)"
    for index, updated in enumerate(updates):
        parts.append(f"u{index} AS ({_update_sql(updated)} AND {when})")
    for index, (inserted, count) in enumerate(inserts):
        fields, _ = _columns(inserted)
        typed = "(" + ", ".join(_typed(fields)) + ")"
        plain = "(" + ", ".join(["%s"] * len(fields)) + ")"
        parts.append(
            f"i{index} AS (INSERT INTO {quote(inserted._meta.db_table)} ({_names(fields)}) "
            f"SELECT * FROM (VALUES {', '.join([typed] + [plain] * (count - 1))}) AS v WHERE {when})"
        )
    return fixed(f"WITH {', '.join(parts)} SELECT count(*) FROM guard")


def write_if(
    model: type[models.Model],
    values: dict[str, Any],
    conditions: dict[str, Any],
    *,
    inserts: Sequence[Sequence[models.Model]] = (),
    updates: Sequence[models.Model] = (),
) -> int:
    """`update_where(model, values, **conditions)` and, only if it changed a row, `insert` each
    list of new instances in `inserts` and `update` each saved one in `updates`; all or nothing.
    Returns the rows the guard changed.

    One statement on PostgreSQL (a data-modifying WITH: atomic without a transaction of its own,
    one round trip instead of BEGIN, one per write, and COMMIT); a transaction elsewhere. For a
    last write: the database-numbered pks of inserted rows are not read back on PostgreSQL, so a
    row inserted here cannot be `update`d later through its instance, and an instance in `inserts`
    may point only at rows saved before the call.
    """
    db = _connection()
    batches = [list(objs) for objs in inserts if objs]
    if db.vendor != "postgresql" or not all(fits_one_insert(objs) for objs in batches):
        with transaction.atomic(using=db.alias):
            changed = update_where(model, values, **conditions)
            if changed:
                for obj in updates:
                    update(obj)
                for objs in batches:
                    insert(objs)
        return changed
    params = _where_params(model, values, conditions, db)
    for obj in updates:
        params += _update_params(obj, db)
    for objs in batches:
        fields, _ = _columns(type(objs[0]))
        for obj in objs:
            obj._prepare_related_fields_for_save(operation_name="insert")
        params += [f.get_db_prep_save(f.pre_save(obj, add=True), db) for obj in objs for f in fields]
    sql = _write_if_sql(
        (model, tuple(values), tuple(conditions)),
        tuple((type(objs[0]), len(objs)) for objs in batches),
        tuple(type(obj) for obj in updates),
    )
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
