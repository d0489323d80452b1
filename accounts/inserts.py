"""Inserts with their SQL built once per process, for the writes every quiz submit makes.

Django compiles an insert anew on each `save()` or `bulk_create()`: for the 17 answers of a
submit that compiling (a placeholder, a conversion and an expression check per value) cost more
than Postgres took to run the statement. Here the statement is built once per model and set of
columns, and a call only turns the values into its parameters, as Django does
(`Field.get_db_prep_save`). On Postgres several rows go in as one array per column
(`INSERT … SELECT * FROM UNNEST(…)`, Django's own form of a bulk insert), so the statement is the
same whatever the number of rows, and they are given as plain values, not model instances
(making 17 instances for a submit cost more than its statement); elsewhere (SQLite, in
development) a bulk insert is Django's `bulk_create`. On Postgres each statement is also
prepared on the server (`accounts.prepared.prepared_statement`): parsed and planned once per
connection.
"""

import functools

from django.db import DEFAULT_DB_ALIAS, connection, connections

from .prepared import prepared_statement

_NO_DEFAULT = object()  # a row that leaves a field out


def _quote(name):
    return connection.ops.quote_name(name)


def _columns(model, names):
    fields = [model._meta.get_field(name) for name in names]
    return fields, ", ".join(_quote(field.column) for field in fields)


def _values(fields, obj, db):
    return [field.get_db_prep_save(field.pre_save(obj, True), db) for field in fields]


def _current():
    """This thread's connection itself: `connection` is a proxy that looks it up on each use,
    which for every value of a bulk insert cost as much as converting the value."""
    return connections[DEFAULT_DB_ALIAS]


def _insert_fields(model):
    """The fields an insert writes: every concrete one but the generated primary key."""
    return tuple(f.name for f in model._meta.concrete_fields if f is not model._meta.auto_field)


@functools.cache
def _insert_one_sql(vendor, model, unique):
    fields, columns = _columns(model, _insert_fields(model))
    placeholders = ", ".join(["%s"] * len(fields))
    pk = _quote(model._meta.pk.column)
    sql = (
        f"INSERT INTO {_quote(model._meta.db_table)} ({columns}) VALUES ({placeholders}) "
        f"ON CONFLICT ({_quote(model._meta.get_field(unique).column)}) DO NOTHING RETURNING {pk}"
    )
    return fields, sql


def insert_unless_taken(obj, *, unique, children=None) -> bool:
    """Insert `obj` unless a row already holds its value of the field `unique` (a unique
    column); True and `obj.pk` set when it was inserted, False (nothing written, no error, so
    no savepoint is needed around it in a transaction) when the value was taken.

    `children`, (model, name of its foreign key to `obj`'s model, rows as `insert_rows` takes
    them, without that key), are inserted with `obj` when it is: its key set in each row.

    One statement on Postgres (`ON CONFLICT … DO NOTHING RETURNING`, the children inserted from
    what it returned) and on SQLite without children; there the children are a second.
    Model signals are not sent, as with `bulk_create`.
    """
    child_model, parent_name, rows = children or (None, None, ())
    if rows and connection.vendor == "postgresql":
        fields, child_fields, sql = _insert_with_children_sql(
            type(obj), unique, child_model, parent_name
        )
        db = _current()
        params = _values(fields, obj, db) + _column_arrays(child_fields, rows, db)
    else:
        fields, sql = _insert_one_sql(connection.vendor, type(obj), unique)
        params = _values(fields, obj, _current())
    name = f"insert_{obj._meta.db_table}_unless_{unique}"
    if rows:
        name += f"_with_{child_model._meta.db_table}"
    with connection.cursor() as cursor:
        cursor.execute(prepared_statement(name, sql, len(params)), params)
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    obj._state.adding, obj._state.db = False, connection.alias
    parent_attname = child_model._meta.get_field(parent_name).attname if rows else None
    for child in rows:
        child[parent_attname] = obj.pk
    if rows and connection.vendor != "postgresql":
        insert_rows(child_model, rows)
    return True


@functools.cache
def _insert_with_children_sql(model, unique, child_model, parent_name):
    """`insert_unless_taken`'s statement with children, on Postgres: the row, then the children
    with its new key, from the arrays of their other columns."""
    fields, sql = _insert_one_sql("postgresql", model, unique)
    parent = child_model._meta.get_field(parent_name)
    child_fields, columns = _columns(
        child_model, [name for name in _insert_fields(child_model) if name != parent.name]
    )
    sql = (
        f"WITH parent AS ({sql}), children AS ("
        f"INSERT INTO {_quote(child_model._meta.db_table)} ({_quote(parent.column)}, {columns}) "
        f"SELECT parent.{_quote(model._meta.pk.column)}, rows.* "
        f"FROM parent, UNNEST({_arrays(child_fields)}) AS rows) "
        f"SELECT {_quote(model._meta.pk.column)} FROM parent"
    )
    return fields, child_fields, sql


def _arrays(fields):
    # As Django's bulk insert: no length in the arrays' types, so nothing is truncated.
    return ", ".join(f"(%s)::{field.db_type(connection).split('(')[0]}[]" for field in fields)


def _column_arrays(fields, rows, db):
    """The rows' values, one list per field, each converted as a save converts it; a field a
    row leaves out takes its default."""
    columns = []
    for field in fields:
        name, default = field.attname, _NO_DEFAULT
        values = []
        for row in rows:
            value = row.get(name, _NO_DEFAULT)
            if value is _NO_DEFAULT:
                if default is _NO_DEFAULT:
                    default = field.get_default()
                value = default
            values.append(field.get_db_prep_save(value, db))
        columns.append(values)
    return columns


@functools.cache
def _unnest_sql(model, conflict, update):
    fields, columns = _columns(model, _insert_fields(model))
    sql = (
        f"INSERT INTO {_quote(model._meta.db_table)} ({columns}) "
        f"SELECT * FROM UNNEST({_arrays(fields)})"
    )
    if conflict:
        _, targets = _columns(model, conflict)
        updated = [_quote(model._meta.get_field(name).column) for name in update]
        sets = ", ".join(f"{column} = EXCLUDED.{column}" for column in updated)
        sql += f" ON CONFLICT ({targets}) DO UPDATE SET {sets}"
    return fields, sql


def insert_rows(model, rows, *, unique_fields=(), update_fields=()) -> None:
    """Insert `rows` of `model`, each {field attname: value} (a foreign key by its id, e.g.
    `attempt_id`), in one statement; with `unique_fields`, a row that would repeat an existing
    one's values of them updates its `update_fields` instead.

    As `bulk_create` of the rows' instances (with `update_conflicts=True` and those fields),
    and it is that elsewhere than on Postgres; no signals are sent. No instance is made on
    Postgres: for the many rows of a quiz submit, making them cost more than the statement. A
    field a row leaves out takes its default; every value is converted as a save converts it
    (`get_db_prep_save`), but `pre_save` is not called (give `auto_now` fields a value).
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        options = {}
        if unique_fields:
            options = {
                "update_conflicts": True,
                "unique_fields": list(unique_fields),
                "update_fields": list(update_fields),
            }
        model.objects.bulk_create([model(**row) for row in rows], **options)
        return
    fields, sql = _unnest_sql(model, tuple(unique_fields), tuple(update_fields))
    name = f"insert_{model._meta.db_table}_rows"
    if unique_fields:
        name += f"_on_{'_'.join(unique_fields)}_set_{'_'.join(update_fields)}"
    with connection.cursor() as cursor:
        cursor.execute(
            prepared_statement(name, sql, len(fields)), _column_arrays(fields, rows, _current())
        )
