"""A queryset's SQL built once per process, run with each request's primary keys.

Django builds a query's SQL anew each time a queryset runs. For the learner's rows with what
"verified" needs (`StepProgressQuerySet.with_verification()`: nested subqueries) that costs three
times as long as Postgres takes to run it. `prepared_rows` builds the queryset once with stand-in
primary keys, finds them among the SQL's parameters, and afterwards runs the same SQL with the
request's keys (`Model.objects.raw`): the same query, the same rows and annotations, one query.

On Postgres the statement is also prepared on the server (`PREPARE`, once per connection, as
set-up of the connection that no count of queries sees), so Postgres plans it once instead of
on every run: planning the verification query cost more than running it (about 1.2 against
0.4 ms). A prepared statement lives as long as its connection and outlives a rolled-back
transaction; a new connection (after a restart of Postgres, or
`CONN_MAX_AGE`) prepares again. Behind a pooler that shares server connections between
clients (PgBouncer in transaction mode) a statement prepared on one may be missing on the next:
`DATABASE_PREPARED_STATEMENTS=false` turns the server's part off.

The rows become instances as `Model.objects.raw()` makes them (`from_db`, the columns the
model has no field for set as attributes, each field's converters applied), with which column
is which worked out on the first run rather than on each: on a page that reads a handful of
rows, resolving the raw query's columns cost more than making the instances.
"""

import hashlib
import re
import weakref

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connection

_PREPARED = {}
_STAND_IN = -(10**15)  # a primary key no row has, never equal to a constant of a query
_PLACEHOLDER = re.compile(r"%([s%])")
_NAME_LENGTH = 63  # Postgres truncates longer identifiers: two long names could become one
# {psycopg2 connection: names of the statements prepared on it}; a closed connection drops out.
_ON_SERVER = weakref.WeakKeyDictionary()


class Prepared:
    """A query's SQL with its parameters, and which of them are the caller's primary keys."""

    def __init__(self, name, model, sql, params, slots):
        if len(name) > _NAME_LENGTH:
            name = f"{name[: _NAME_LENGTH - 9]}_{hashlib.sha1(name.encode()).hexdigest()[:8]}"
        self.name, self.model, self.sql = name, model, sql
        self.params, self.slots = params, slots
        self.instances = None  # made on the first run from the result's columns
        self.execute_sql = None
        if connection.vendor == "postgresql" and settings.DATABASE_PREPARED_STATEMENTS:
            numbers = iter(range(1, len(params) + 1))
            self.server_sql = _PLACEHOLDER.sub(
                lambda m: f"${next(numbers)}" if m[1] == "s" else "%", sql
            )
            placeholders = ", ".join(["%s"] * len(params))
            self.execute_sql = f"EXECUTE {name}({placeholders})" if params else f"EXECUTE {name}"

    def args(self, keys):
        pairs = zip(self.params, self.slots, strict=True)
        return [keys[slot] if slot else param for param, slot in pairs]

    def statement(self):
        """The SQL to run now: EXECUTE of the server's statement where there is one."""
        if self.execute_sql is None:
            return self.sql
        connection.ensure_connection()
        raw = connection.connection
        names = _ON_SERVER.get(raw)
        if names is None:
            names = _ON_SERVER[raw] = set()
        if self.name not in names:
            # Set-up of the connection, as Django's own `SET TIME ZONE` on connecting: run on
            # the driver's cursor, so it is not one of the queries a request or a test counts
            # (which test came first on the connection would change them), its errors Django's.
            connection.validate_no_broken_transaction()  # as Django's cursor would
            with connection.wrap_database_errors, raw.cursor() as cursor:
                cursor.execute(f"PREPARE {self.name} AS {self.server_sql}")
            names.add(self.name)
        return self.execute_sql


class RowInstances:
    """How rows of `columns` (database column names) become `model` instances: as
    `RawModelIterable` makes them (converters, `from_db`, other columns as attributes), worked
    out once; call it with the rows."""

    def __init__(self, model, columns):
        by_column = {field.column: field for field in model._meta.concrete_fields}
        fields = [by_column.get(column) for column in columns]
        if model._meta.pk not in fields:
            raise FieldDoesNotExist("Raw query must include the primary key")
        self.model = model
        self.names = [field.attname for field in fields if field is not None]
        self.positions = [pos for pos, field in enumerate(fields) if field is not None]
        self.annotations = [
            (col, pos) for pos, col in enumerate(columns) if by_column.get(col) is None
        ]
        self.compiler = connection.ops.compiler("SQLCompiler")(None, connection, connection.alias)
        cols = [field.get_col(model._meta.db_table) if field else None for field in fields]
        self.converters = self.compiler.get_converters(cols)

    def __call__(self, rows):
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        alias, positions = connection.alias, self.positions
        made = []
        for values in rows:
            instance = self.model.from_db(alias, self.names, [values[pos] for pos in positions])
            for column, pos in self.annotations:
                setattr(instance, column, values[pos])
            made.append(instance)
        return made


def _built(builds, names):
    """The SQL of each of `builds` made with stand-in keys: ([(SQL, its number of columns, its
    model)], the parameters of all, which of them are which key)."""
    stand_ins = {name: _STAND_IN - i for i, name in enumerate(names)}
    by_value = {value: name for name, value in stand_ins.items()}
    parts, params = [], []
    for build in builds:
        queryset = build(**stand_ins)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, part_params = compiler.as_sql()
        parts.append((sql, compiler.col_count, queryset.model))
        params.extend(part_params)
    slots = [by_value.get(param) if type(param) is int else None for param in params]
    if set(filter(None, slots)) != set(names):
        raise ValueError(f"{builds} do not use each of {sorted(names)} as a parameter")
    return parts, tuple(params), tuple(slots)


def _statement_name(key):
    return "prepared_" + re.sub(r"\W", "_", "_".join(key[1:]))


def _prepare(key, build, names) -> Prepared:
    [(sql, _, model)], params, slots = _built([build], names)
    return Prepared(_statement_name(key), model, sql, params, slots)


def _fetch(prepared, keys):
    """(the rows of `prepared` run with `keys`, their column names on its first run or None)."""
    with connection.cursor() as cursor:
        cursor.execute(prepared.statement(), prepared.args(keys))
        rows = cursor.fetchall()
        first_run = prepared.instances is None
        return rows, [column[0] for column in cursor.description] if first_run else None


def _prepared(cache_key, build, names) -> Prepared:
    prepared = _PREPARED.get(cache_key)
    if prepared is None:
        prepared = _PREPARED[cache_key] = _prepare(cache_key, build, names)
    return prepared


def prepared_rows(key, build, **keys):
    """The rows of `build(**keys)` (a queryset; `keys` are primary keys): as running it, with
    its SQL built on the first call for `key` in this process."""
    prepared = _prepared((connection.vendor, key), build, tuple(keys))
    rows, columns = _fetch(prepared, keys)
    if columns is not None:
        prepared.instances = RowInstances(prepared.model, columns)
    return prepared.instances(rows)


def prepared_values(key, build, **keys):
    """The rows of `build(**keys)` (a `values_list()` queryset of columns that need no
    conversion: ids, text) as tuples, its SQL built on the first call for `key`."""
    prepared = _prepared((connection.vendor, "values", key), build, tuple(keys))
    with connection.cursor() as cursor:
        cursor.execute(prepared.statement(), prepared.args(keys))
        return cursor.fetchall()


def prepared_statement(name, sql, param_count):
    """What to run for `sql` (`%s` placeholders, `param_count` of them) with the same
    parameters: on Postgres `EXECUTE` of it prepared on the server once per connection, so it
    is parsed and planned once; elsewhere `sql` itself. For SQL built once by its caller."""
    key = ("statement", connection.vendor, name)
    prepared = _PREPARED.get(key)
    if prepared is None:
        nothing = (None,) * param_count
        prepared = _PREPARED[key] = Prepared(f"prepared_{name}", None, sql, nothing, nothing)
    return prepared.statement()


def sql_of(statement):
    """The SQL `statement` runs: for `EXECUTE` of a statement prepared here, the SQL it was
    prepared from (`%s` placeholders); any other statement as it is. For tests and tools that
    read captured queries."""
    if statement.startswith("EXECUTE "):
        name = statement[len("EXECUTE ") :].split("(", 1)[0].strip()
        for prepared in _PREPARED.values():
            prepared = prepared[0] if isinstance(prepared, tuple) else prepared
            if prepared.name == name:
                return prepared.sql
    return statement


def prepared_rows_and_one(key, build, build_one, **keys):
    """(the rows of `build(**keys)`, the row of `build_one(**keys)` or None): two querysets of
    the same keys, the second of one row at most, as `prepared_rows` runs each. On Postgres one
    statement reads both (the two side by side, `FULL JOIN … ON TRUE`): one round trip instead
    of two. The first's rows come in no particular order."""
    if connection.vendor != "postgresql":
        found = prepared_rows(f"{key}-one", build_one, **keys)
        return prepared_rows(key, build, **keys), (found[0] if found else None)
    cache_key = (connection.vendor, "pair", key)
    pair = _PREPARED.get(cache_key)
    if pair is None:
        pair = _PREPARED[cache_key] = _prepare_pair(cache_key, build, build_one, tuple(keys))
    prepared, models, width = pair
    rows, columns = _fetch(prepared, keys)
    if columns is not None:
        prepared.instances = [
            (RowInstances(model, part), part.index(model._meta.pk.column))
            for model, part in zip(models, (columns[:width], columns[width:]), strict=True)
        ]
    (first, first_pk), (second, second_pk) = prepared.instances
    firsts = [row[:width] for row in rows if row[first_pk] is not None]
    seconds = [row[width:] for row in rows[:1] if row[width + second_pk] is not None]
    return first(firsts), (second(seconds)[0] if seconds else None)


def _prepare_pair(key, build, build_one, names):
    ((first, width, first_model), (second, _, second_model)), params, slots = _built(
        [build, build_one], names
    )
    sql = f"SELECT * FROM ({first}) AS first FULL JOIN ({second}) AS second ON TRUE"
    prepared = Prepared(_statement_name(key), None, sql, params, slots)
    return prepared, (first_model, second_model), width
