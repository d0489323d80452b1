"""Migration operations every app may use (accounts comes first in the line of apps).

`AddIndexConcurrently` adds an index without locking the table against writes on Postgres
(`CREATE INDEX CONCURRENTLY`, as `django.contrib.postgres.operations.AddIndexConcurrently`), and
is a plain `AddIndex` on the other databases (SQLite, where the site also runs locally, has no
concurrent build and needs none); `RemoveIndexConcurrently` is its reverse (`DROP INDEX
CONCURRENTLY`). The migration using either must set `atomic = False`: Postgres cannot build or
drop an index concurrently inside a transaction.

If a concurrent build fails (a deadlock, a cancelled statement), Postgres leaves an INVALID
index behind: drop it (`DROP INDEX CONCURRENTLY name`) and migrate again.
"""

from django.db import NotSupportedError
from django.db.migrations.operations import AddIndex, RemoveIndex


def _concurrently(operation, schema_editor):
    """The schema editor's keyword for a concurrent build or drop: on Postgres only, and only
    outside a transaction."""
    if schema_editor.connection.vendor != "postgresql":
        return {}
    if schema_editor.connection.in_atomic_block:
        raise NotSupportedError(
            f"{type(operation).__name__} cannot run inside a transaction: "
            "set `atomic = False` on the migration."
        )
    return {"concurrently": True}


class AddIndexConcurrently(AddIndex):
    """Add an index; on Postgres concurrently (the migration must be non-atomic)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index, **_concurrently(self, schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, **_concurrently(self, schema_editor))

    def describe(self):
        return f"Create index {self.index.name} on {self.model_name} (concurrently on Postgres)"


class RemoveIndexConcurrently(RemoveIndex):
    """Remove an index; on Postgres concurrently (the migration must be non-atomic)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = from_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            schema_editor.remove_index(model, index, **_concurrently(self, schema_editor))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = to_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            schema_editor.add_index(model, index, **_concurrently(self, schema_editor))

    def describe(self):
        return f"Remove index {self.name} from {self.model_name} (concurrently on Postgres)"
