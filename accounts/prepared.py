"""A queryset's SQL built once per process, run with each request's primary keys.

Django builds a query's SQL anew each time a queryset runs. For the learner's rows with what
"verified" needs (`StepProgressQuerySet.with_verification()`: nested subqueries) that costs three
times as long as Postgres takes to run it. `prepared_rows` builds the queryset once with stand-in
primary keys, finds them among the SQL's parameters, and afterwards runs the same SQL with the
request's keys (`Model.objects.raw`): the same query, the same rows and annotations, one query.

Its rows become model instances as `Model.objects.raw` makes them (`Model.from_db`, the columns
that are no field set as attributes, each column's converters applied), with which column goes
where worked out on the first run and kept: a raw queryset works it out on every run, which cost
as much as the query on the learner's user look-up.

On Postgres the statement is also prepared on the server (`PREPARE`, once per connection), so
Postgres plans it once instead of on every run: planning the verification query cost more than
running it (about 1.2 against 0.4 ms). A prepared statement lives as long as its connection and
outlives a rolled-back transaction; a new connection (after a restart of Postgres, or
`CONN_MAX_AGE`) prepares again. Behind a pooler that shares server connections between
clients (PgBouncer in transaction mode) a statement prepared on one may be missing on the next:
`DATABASE_PREPARED_STATEMENTS=false` turns the server's part off.
"""

import re
import weakref

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections

_PREPARED = {}
_STAND_IN = -(10**15)  # a primary key no row has, never equal to a constant of a query
_PLACEHOLDER = re.compile(r"%([s%])")
# {psycopg2 connection: names of the statements prepared on it}; a closed connection drops out.
_ON_SERVER = weakref.WeakKeyDictionary()


class Prepared:
    """A query's SQL with its parameters, and which of them are the caller's primary keys."""

    def __init__(self, name, model, sql, params, slots):
        self.name, self.model, self.sql = name, model, sql
        self.params, self.slots = params, slots
        self.reader = None  # a _RowReader once the first run has shown the columns
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
            with connection.cursor() as cursor:
                cursor.execute(f"PREPARE {self.name} AS {self.server_sql}")
            names.add(self.name)
        return self.execute_sql


class _RowReader:
    """Which column of a prepared query's rows goes to which field of its model, and how each
    is converted: what `RawModelIterable` works out from the cursor's columns on every run."""

    def __init__(self, model, description):
        converter = connection.introspection.identifier_converter
        columns = [converter(column[0]) for column in description]
        by_column = {converter(field.column): field for field in model._meta.fields}
        if model._meta.pk.attname not in {by_column[c].attname for c in columns if c in by_column}:
            raise ValueError(f"a prepared query of {model.__name__} must select its primary key")
        init = [(by_column[c].attname, pos) for pos, c in enumerate(columns) if c in by_column]
        self.model = model
        self.names = [name for name, _ in init]
        self.positions = [pos for _, pos in init]
        self.annotations = [(c, pos) for pos, c in enumerate(columns) if c not in by_column]
        compiler = connection.ops.compiler("SQLCompiler")(None, connection, connection.alias)
        fields = [by_column.get(c) for c in columns]
        cols = [f.get_col(f.model._meta.db_table) if f else None for f in fields]
        self.converters = list(compiler.get_converters(cols).items())

    def instances(self, rows):
        db = connections[DEFAULT_DB_ALIAS]  # the connection, not the proxy: once, not per value
        names, positions = self.names, self.positions
        found = []
        for row in rows:
            if self.converters:
                row = list(row)
                for pos, (converters, expression) in self.converters:
                    for convert in converters:
                        row[pos] = convert(row[pos], expression, db)
            instance = self.model.from_db(db.alias, names, [row[pos] for pos in positions])
            for column, pos in self.annotations:
                setattr(instance, column, row[pos])
            found.append(instance)
        return found


def _prepare(key, build, names) -> Prepared:
    stand_ins = {name: _STAND_IN - i for i, name in enumerate(names)}
    by_value = {value: name for name, value in stand_ins.items()}
    queryset = build(**stand_ins)
    sql, params = queryset.query.sql_with_params()
    slots = [by_value.get(param) if type(param) is int else None for param in params]
    if set(filter(None, slots)) != set(names):
        raise ValueError(f"{build} does not use each of {sorted(names)} as a parameter")
    name = "prepared_" + re.sub(r"\W", "_", "_".join(key[1:]))
    return Prepared(name, queryset.model, sql, tuple(params), tuple(slots))


def _prepared(cache_key, build, names) -> Prepared:
    prepared = _PREPARED.get(cache_key)
    if prepared is None:
        prepared = _PREPARED[cache_key] = _prepare(cache_key, build, names)
    return prepared


def prepared_rows(key, build, **keys):
    """The rows of `build(**keys)` (a queryset; `keys` are primary keys): as running it, with
    its SQL built on the first call for `key` in this process."""
    prepared = _prepared((connection.vendor, key), build, tuple(keys))
    with connection.cursor() as cursor:
        cursor.execute(prepared.statement(), prepared.args(keys))
        if prepared.reader is None:
            prepared.reader = _RowReader(prepared.model, cursor.description)
        return prepared.reader.instances(cursor.fetchall())


def prepared_values(key, build, **keys):
    """The rows of `build(**keys)` (a `values_list()` queryset of columns that need no
    conversion: ids, text) as tuples, its SQL built on the first call for `key`."""
    prepared = _prepared((connection.vendor, "values", key), build, tuple(keys))
    with connection.cursor() as cursor:
        cursor.execute(prepared.statement(), prepared.args(keys))
        return cursor.fetchall()
