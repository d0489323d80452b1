"""Django's PostgreSQL backend, with a health check that needs no round trip to the server.

With `CONN_HEALTH_CHECKS`, Django checks a kept connection before a request's first query by
running `SELECT 1`: on a learner's mark, one statement in six, paid by every request that reads
the database. A kept connection between requests is idle, and the server sends an idle client
nothing unless it is ending the connection (a restart or a shutdown of Postgres, a terminated
backend: its last message, then the close). So the check here asks the operating system whether
anything is waiting on the connection's socket (no wait, no traffic): nothing waiting, the
connection is as it was left; something waiting, Django's own check decides (`SELECT 1`, and a
new connection if it fails). A server that vanished without a word (a host that lost power)
is found by the request's first query, as a lost connection mid-request always is: the clean
503 page (`roadmap_site.middleware.DatabaseUnavailableMiddleware`).
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    """Django's PostgreSQL `DatabaseWrapper`; the health check runs `SELECT 1` only when the
    server has sent something since the connection was last used."""

    def close_if_health_check_failed(self):
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        if _has_input(self.connection) and not self.is_usable():
            self.close()
        self.health_check_done = True


def _has_input(raw_connection):
    """Whether the server has sent anything (data or the close) that no one has read yet."""
    if raw_connection.closed:
        return True
    try:
        waiting = select.poll()
        waiting.register(raw_connection.fileno(), select.POLLIN | select.POLLPRI)
        return bool(waiting.poll(0))
    except (OSError, ValueError, base.Database.Error):  # no socket: Django's check finds out
        return True
