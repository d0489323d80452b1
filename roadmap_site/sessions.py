"""Django's database sessions, with the look-up's SQL built once per process, and a change to a
session saved in one statement.

Every signed-in request reads its session. Django builds the SQL of that one-row look-up anew
each time, and building it cost more than Postgres takes to run it: about a tenth of a learner's
kept page (`roadmap.learner_pages`). The same query runs, with the same rows and the same
expiry test; only its SQL is kept. (A copy of sessions in Redis, Django's `cached_db`, would save
the query too, but a log-out or a visitor's mark written while Redis is away would be undone by
the older copy when it returns.) On Postgres the look-up is also prepared on the server once
per connection (`accounts.prepared`): parsed and planned once, not on every request.

Saving a changed session (a quiz's next draft after each submit, a visitor's marks) is one
`UPDATE`, which is atomic on its own: Django wraps it in a transaction, three round trips
where one does. Creating a session stays Django's (its insert may meet a twin's key).
"""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DEFAULT_DB_ALIAS, Error, connections, router
from django.utils import timezone

from accounts.prepared import prepared_statement

_LOOKUPS = {}  # {database alias: SQL}
_UPDATES = {}  # {database alias: SQL}
_STAND_IN = "session-key-stand-in"


class SessionStore(DatabaseSessionStore):
    """Django's database session store; `_get_session_from_db` runs SQL built once, and `save`
    of an existing session is one statement."""

    def save(self, must_create=False):
        if self.session_key is None or must_create:
            return super().save(must_create=must_create)
        obj = self.create_model_instance(self._get_session())
        try:
            updated = self._update_row(obj)
        except Error as error:  # as Django's save (and a closed connection's InterfaceError)
            raise UpdateError from error
        if not updated:  # deleted meanwhile (a log-out elsewhere): as Django's forced update
            raise UpdateError

    def _update_row(self, obj):
        """Write `obj`'s data and expiry to its row; whether there was one."""
        alias = router.db_for_write(self.model, instance=obj)
        sql = _UPDATES.get(alias)
        if sql is None:
            sql = _UPDATES[alias] = _update(self.model, alias)
        db = connections[alias]
        expire_date = self.model._meta.get_field("expire_date")
        params = [obj.session_data, expire_date.get_db_prep_save(obj.expire_date, db), obj.pk]
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount > 0

    def _get_session_from_db(self):
        model = self.model
        alias = router.db_for_read(model)
        lookup = _LOOKUPS.get(alias)
        if lookup is None:
            lookup = _LOOKUPS[alias] = _lookup(model, alias)
        if not lookup:  # not the query expected (another Django): Django's own way
            return super()._get_session_from_db()
        sql, key_first = lookup
        expiry = model._meta.get_field("expire_date")
        now = expiry.get_db_prep_value(timezone.now(), connections[alias], prepared=False)
        if alias == DEFAULT_DB_ALIAS:  # prepared on the server (Postgres): planned once
            sql = prepared_statement("session_lookup", sql, 2)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, [self.session_key, now] if key_first else [now, self.session_key])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        # What `load()` reads: the session's data (the query tested its expiry).
        return model(session_key=self.session_key, session_data=row[0])


def _lookup(model, alias):
    """(SQL, whether the key is its first parameter) of Django's look-up, or () if it is not the
    two-parameter query expected."""
    query = (
        model.objects.using(alias)
        .filter(session_key=_STAND_IN, expire_date__gt=timezone.now())
        .values_list("session_data")
    )
    sql, params = query.query.sql_with_params()
    if len(params) != 2 or _STAND_IN not in params:
        return ()
    return sql, params[0] == _STAND_IN


def _update(model, alias):
    """The UPDATE of a session's data and expiry by its key, as Django's forced update writes."""
    quote = connections[alias].ops.quote_name
    meta = model._meta
    data, expiry = (quote(meta.get_field(name).column) for name in ("session_data", "expire_date"))
    return (
        f"UPDATE {quote(meta.db_table)} SET {data} = %s, {expiry} = %s "
        f"WHERE {quote(meta.pk.column)} = %s"
    )
