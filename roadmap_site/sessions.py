"""Django's database sessions, kept with the learner signed in on each (`accounts.LearnerSession`)
so that a signed-in request reads its session and its learner in one query, with that query's
SQL built once per process and a change to a session saved in one statement.

Every signed-in request reads its session, then its learner. Here one statement reads both: the
session's row and, joined on the learner it names, the learner's row. The learner so read is
handed to Django's `get_user` (`roadmap_site.middleware.AuthenticationMiddleware`, through
`accounts.models.users_at_hand`), which checks them as ever (active, the session's hash of the
password); anything else that asks for a user reads them as usual. On Postgres the statement is
prepared on the server once per connection (`accounts.prepared`): parsed and planned once. (A
copy of sessions in Redis, Django's `cached_db`, would save the query too, but a log-out or a
visitor's mark written while Redis is away would be undone by the older copy when it returns.)

Saving a changed session (a quiz's next draft after each submit, a visitor's marks) is one
`UPDATE`, which is atomic on its own (Django wraps it in a transaction, three round trips
where one does), prepared on the server as the look-up is. Creating a session stays Django's
(its insert may meet a twin's key).
"""

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DEFAULT_DB_ALIAS, Error, connections, router
from django.utils import timezone

from accounts.models import LearnerSession
from accounts.prepared import RowInstances, prepared_statement

_LOOKUPS = {}  # {database alias: (SQL, what makes the learner of the row's other columns)}
_UPDATES = {}  # {database alias: SQL}


class SessionStore(DatabaseSessionStore):
    """Django's database session store over `LearnerSession`: the look-up reads the signed-in
    learner too (`take_learner`), and `save` of an existing session is one statement."""

    _learner_at_hand = None

    @classmethod
    def get_model_class(cls):
        return LearnerSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        learner_id = data.get(SESSION_KEY)
        session.learner_id = int(learner_id) if str(learner_id).isdigit() else None
        return session

    def take_learner(self, pk):
        """The learner `pk` as this session's look-up read them, once; None otherwise."""
        learner, self._learner_at_hand = self._learner_at_hand, None
        return learner if learner is not None and learner.pk == pk else None

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
        """Write `obj`'s data, expiry and learner to its row; whether there was one."""
        alias = router.db_for_write(self.model, instance=obj)
        sql = _UPDATES.get(alias)
        if sql is None:
            sql = _UPDATES[alias] = _update(self.model, alias)
        db = connections[alias]
        expire_date = self.model._meta.get_field("expire_date")
        expiry = expire_date.get_db_prep_save(obj.expire_date, db)
        params = [obj.session_data, expiry, obj.learner_id, obj.pk]
        if alias == DEFAULT_DB_ALIAS:  # prepared on the server (Postgres), as the look-up
            sql = prepared_statement("session_update", sql, len(params))
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount > 0

    def _get_session_from_db(self):
        self._learner_at_hand = None
        model = self.model
        alias = router.db_for_read(model)
        lookup = _LOOKUPS.get(alias)
        if lookup is None:
            lookup = _LOOKUPS[alias] = _lookup(model, alias)
        sql, learner_of = lookup
        expiry = model._meta.get_field("expire_date")
        now = expiry.get_db_prep_value(timezone.now(), connections[alias], prepared=False)
        if alias == DEFAULT_DB_ALIAS:  # prepared on the server (Postgres): planned once
            sql = prepared_statement("session_with_learner", sql, 2)
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        if row[1] is not None:  # the learner it names, as `User.objects.get(pk=…)` reads them
            (self._learner_at_hand,) = learner_of([row[1:]])
        # What `load()` reads: the session's data (the query tested its expiry).
        return model(session_key=self.session_key, session_data=row[0])


def _lookup(model, alias):
    """(SQL, RowInstances) of the look-up: the session's data by its key, unexpired, and the
    columns of the learner it names (all None for a visitor's, or a learner since deleted)."""
    quote = connections[alias].ops.quote_name
    meta, user_meta = model._meta, get_user_model()._meta
    fields = user_meta.concrete_fields
    session, user = quote(meta.db_table), quote(user_meta.db_table)
    columns = ", ".join(f"{user}.{quote(field.column)}" for field in fields)
    sql = (
        f"SELECT {session}.{quote(meta.get_field('session_data').column)}, {columns} "
        f"FROM {session} LEFT JOIN {user} ON {user}.{quote(user_meta.pk.column)} = "
        f"{session}.{quote(meta.get_field('learner').column)} "
        f"WHERE {session}.{quote(meta.pk.column)} = %s "
        f"AND {session}.{quote(meta.get_field('expire_date').column)} > %s"
    )
    return sql, RowInstances(get_user_model(), [field.column for field in fields])


def _update(model, alias):
    """The UPDATE of a session's data, expiry and learner by its key (Django's forced update)."""
    quote = connections[alias].ops.quote_name
    meta = model._meta
    data, expiry, learner = (
        quote(meta.get_field(name).column) for name in ("session_data", "expire_date", "learner")
    )
    return (
        f"UPDATE {quote(meta.db_table)} SET {data} = %s, {expiry} = %s, {learner} = %s "
        f"WHERE {quote(meta.pk.column)} = %s"
    )
