"""Sessions move to `accounts.LearnerSession` (Django's session with the learner signed in on it):
every unexpired session is copied, with its learner, so no one is signed out and no visitor's
marks are lost."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


BATCH = 1000


def copy_sessions(apps, schema_editor):
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    Session = apps.get_model("sessions", "Session")
    LearnerSession = apps.get_model("accounts", "LearnerSession")
    User = apps.get_model("accounts", "User")
    alias = schema_editor.connection.alias
    decoder = SessionStore()
    batch = []
    sessions = Session.objects.using(alias).filter(expire_date__gt=timezone.now())
    for session in sessions.iterator(chunk_size=BATCH):
        learner_id = str(decoder.decode(session.session_data).get(SESSION_KEY, ""))
        batch.append(
            LearnerSession(
                session_key=session.session_key,
                session_data=session.session_data,
                expire_date=session.expire_date,
                learner_id=int(learner_id) if learner_id.isdigit() else None,
            )
        )
        if len(batch) == BATCH:
            _insert(batch, LearnerSession, User, alias)
            batch = []
    _insert(batch, LearnerSession, User, alias)


def _insert(batch, LearnerSession, User, alias):
    named = {session.learner_id for session in batch} - {None}
    existing = set(User.objects.using(alias).filter(pk__in=named).values_list("pk", flat=True))
    for session in batch:
        if session.learner_id not in existing:
            session.learner_id = None  # a deleted learner's: signed out, as Django would
    LearnerSession.objects.using(alias).bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_alter_user_managers'),
        ('sessions', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='LearnerSession',
            fields=[
                ('session_key', models.CharField(max_length=40, primary_key=True, serialize=False, verbose_name='session key')),
                ('session_data', models.TextField(verbose_name='session data')),
                ('expire_date', models.DateTimeField(db_index=True, verbose_name='expire date')),
                ('learner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'session',
                'verbose_name_plural': 'sessions',
                'abstract': False,
            },
        ),
        migrations.RunPython(copy_sessions, migrations.RunPython.noop, elidable=True),
    ]
