"""A queryset's SQL built once per process, run with each request's primary keys.

Django builds a query's SQL anew each time a queryset runs. For the learner's rows with what
"verified" needs (`StepProgressQuerySet.with_verification()`: nested subqueries) that costs three
times as long as Postgres takes to run it. `prepared_rows` builds the queryset once with stand-in
primary keys, finds them among the SQL's parameters, and afterwards runs the same SQL with the
request's keys (`Model.objects.raw`): the same query, the same rows and annotations, one query.
"""

from django.db import connection

_PREPARED = {}
_STAND_IN = -(10**15)  # a primary key no row has, never equal to a constant of a query


def _prepare(build, names):
    stand_ins = {name: _STAND_IN - i for i, name in enumerate(names)}
    by_value = {value: name for name, value in stand_ins.items()}
    queryset = build(**stand_ins)
    sql, params = queryset.query.sql_with_params()
    slots = [by_value.get(param) if type(param) is int else None for param in params]
    if set(filter(None, slots)) != set(names):
        raise ValueError(f"{build} does not use each of {sorted(names)} as a parameter")
    return queryset.model, sql, tuple(params), tuple(slots)


def prepared_rows(key, build, **keys):
    """The rows of `build(**keys)` (a queryset; `keys` are primary keys): as running it, with
    its SQL built on the first call for `key` in this process."""
    cache_key = (connection.vendor, key)
    prepared = _PREPARED.get(cache_key)
    if prepared is None:
        prepared = _PREPARED[cache_key] = _prepare(build, tuple(keys))
    model, sql, params, slots = prepared
    args = [keys[slot] if slot else param for param, slot in zip(params, slots, strict=True)]
    return list(model.objects.raw(sql, args))


def prepared_values(key, build, **keys):
    """The rows of `build(**keys)` (a `values_list()` queryset of columns that need no
    conversion: ids, text) as tuples, its SQL built on the first call for `key`."""
    cache_key = (connection.vendor, "values", key)
    prepared = _PREPARED.get(cache_key)
    if prepared is None:
        prepared = _PREPARED[cache_key] = _prepare(build, tuple(keys))
    _, sql, params, slots = prepared
    args = [keys[slot] if slot else param for param, slot in zip(params, slots, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()
