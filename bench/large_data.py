"""Fill the large benchmark database: learners and their history at the scale of a popular site.

Run by `bench/large_db` as `python -m bench.large_data [--scale S]`, DATABASE_URL pointing at
`roadmap_bench_large` (it refuses any other database). The content is the real one
(`load_content`, run before); every learner row is made by Postgres itself with
`INSERT ... SELECT ... FROM generate_series(...)`, one statement per table, so nothing travels
over the connection but the statements. At scale 1 (the default):

- 100,000 learners (`large-000001`...), one password hash shared by all;
- 5,000,000 progress rows: every learner has a row on each of the 15 steps (1.5 M step rows)
  and on 35 of the 64 topics (3.5 M topic rows);
- 2,000,000 activity events over the last 400 days (20 per learner);
- 500,000 quiz attempts (5 per learner, over the three quizzes) with one answer per question
  asked (about 5.5 M answers, each a short snapshot), and 200,000 review cards;
- a plan on the first roadmap for every other learner, an evidence link on one step of every
  tenth learner, a resource done and a personal resource for every fifth.

Then a power learner, `large-000002`, gets 1,000 more attempts and 20,000 more events.
`--scale 0.01` builds the same shape at 1% for a quick check. The EXPLAIN run
(`bench/explain.py`) reads as `large-000001` (a typical full history) and `large-000002`.
"""

import argparse
import os
import sys
import time

import django

DATABASE = "roadmap_bench_large"
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-password-7341")


def run(cursor, label, sql, params=None):
    started = time.monotonic()
    cursor.execute(sql, params)
    took = time.monotonic() - started
    print(f"  {label}: {cursor.rowcount:,} rows in {took:.1f} s", flush=True)
    return took


def main(scale):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap_site.settings")
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    if connection.vendor != "postgresql" or connection.settings_dict["NAME"] != DATABASE:
        sys.exit(f"bench.large_data writes only to the Postgres database {DATABASE}")

    learners = max(10, int(100_000 * scale))
    events_each, attempts_each, cards_each, topics_each = 20, 5, 2, 35
    encoded = make_password(PASSWORD)
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SELECT count(*) FROM roadmap_topic WHERE NOT is_archived")
        topic_count = cursor.fetchone()[0]
        topics_each = min(topics_each, topic_count)
        print(f"==> {learners:,} learners (scale {scale})", flush=True)
        run(
            cursor,
            "accounts_user",
            """
            INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name,
                email, is_staff, is_active, date_joined, display_name, time_zone)
            SELECT %s, false, 'large-' || lpad(n::text, 6, '0'), '', '',
                'large-' || lpad(n::text, 6, '0') || '@example.com', false, true,
                now() - (n %% 700) * interval '1 day', 'Large learner ' || n,
                (ARRAY['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo'])[1 + n %% 4]
            FROM generate_series(1, %s) AS n
            """,
            [encoded, learners],
        )
        # The learners as (id, n), n = 1..learners, for the tables below.
        cursor.execute(
            """
            CREATE TEMP TABLE large_learner ON COMMIT DROP AS
            SELECT id, substr(username, 7)::int AS n FROM accounts_user
            WHERE username LIKE 'large-%'
            """
        )
        cursor.execute(
            "CREATE TEMP TABLE large_step ON COMMIT DROP AS SELECT id, roadmap_id, "
            "row_number() OVER (ORDER BY roadmap_id, position, id) AS k "
            "FROM roadmap_step WHERE NOT is_archived"
        )
        cursor.execute(
            "CREATE TEMP TABLE large_topic ON COMMIT DROP AS SELECT t.id, t.step_id, "
            "row_number() OVER (ORDER BY t.id) AS k FROM roadmap_topic t "
            "JOIN roadmap_step s ON s.id = t.step_id "
            "WHERE NOT t.is_archived AND NOT s.is_archived"
        )
        cursor.execute("ANALYZE large_learner; ANALYZE large_step; ANALYZE large_topic")
        statuses = "(ARRAY['done', 'in_progress', 'skipped', 'done', 'not_started'])"
        run(
            cursor,
            "progress_stepprogress",
            f"""
            INSERT INTO progress_stepprogress (learner_id, step_id, status, started_at,
                completed_at, status_changed_at, reviewed_revision_at, note, created_at,
                updated_at)
            SELECT l.id, s.id, st.status,
                CASE WHEN st.status IN ('done', 'in_progress') THEN st.at END,
                CASE WHEN st.status = 'done' THEN st.at END,
                st.at, NULL, CASE WHEN (l.n + s.k) % 9 = 0 THEN 'A note.' ELSE '' END,
                st.at, st.at
            FROM large_learner l CROSS JOIN large_step s
            CROSS JOIN LATERAL (
                SELECT {statuses}[1 + (l.n + s.k) % 5] AS status,
                    now() - ((l.n * 7 + s.k * 13) % 400) * interval '1 day' AS at
            ) st
            """,
        )
        topic_statuses = "(ARRAY['done', 'done', 'skipped', 'not_started'])"
        run(
            cursor,
            "progress_topicprogress",
            f"""
            INSERT INTO progress_topicprogress (learner_id, topic_id, status, status_changed_at,
                created_at, updated_at)
            SELECT l.id, t.id, {topic_statuses}[1 + (l.n + t.k) % 4], at, at, at
            FROM large_learner l JOIN large_topic t
                ON l.n = 1 OR (t.k + l.n) % {topic_count} < {topics_each}
            CROSS JOIN LATERAL (
                SELECT now() - ((l.n * 3 + t.k * 11) % 400) * interval '1 day' AS at
            ) times
            """,
        )
        run(
            cursor,
            "progress_activityevent",
            f"""
            INSERT INTO progress_activityevent (learner_id, kind, step_id, occurred_at)
            SELECT l.id, (ARRAY['step', 'topic', 'note', 'resource', 'step'])[1 + e % 5],
                (SELECT id FROM large_step WHERE k = 1 + (l.n + e) % (SELECT count(*)
                    FROM large_step)),
                now() - ((l.n * 31 + e * 17) % 400) * interval '1 day'
                    - ((l.n + e) % 1440) * interval '1 minute'
            FROM large_learner l CROSS JOIN generate_series(1, {events_each}) AS e
            """,
        )
        cursor.execute(
            "CREATE TEMP TABLE large_quiz ON COMMIT DROP AS SELECT id, pass_mark, "
            "row_number() OVER (ORDER BY id) AS k, "
            "(SELECT count(*) FROM quizzes_question q WHERE q.quiz_id = quizzes_quiz.id "
            "AND NOT q.is_archived) AS questions FROM quizzes_quiz"
        )
        run(
            cursor,
            "quizzes_quizattempt",
            f"""
            INSERT INTO quizzes_quizattempt (quiz_id, learner_id, session_key, token, kind, score,
                total, pass_mark, passed, submitted_at, reset_at)
            SELECT q.id, l.id, '', md5(l.n::text || '-' || a)::uuid,
                CASE WHEN a = 5 THEN 'review' ELSE 'quiz' END,
                (l.n + a) % (q.questions + 1), q.questions, q.pass_mark,
                a <> 5 AND 100 * ((l.n + a) % (q.questions + 1)) >= q.pass_mark * q.questions,
                now() - ((l.n * 11 + a * 29) % 400) * interval '1 day', NULL
            FROM large_learner l CROSS JOIN generate_series(1, {attempts_each}) AS a
            JOIN large_quiz q ON q.k = 1 + (l.n + a) % (SELECT count(*) FROM large_quiz)
            """,
        )
        run(
            cursor,
            "quizzes_attemptanswer",
            """
            INSERT INTO quizzes_attemptanswer (attempt_id, question_id, position, question_text,
                explanation, kind, teaching_url, teaching_label, choices, is_correct)
            SELECT a.id, q.id, q.position, 'Question', '', q.kind, '', '', '[]',
                (a.id + q.id) % 3 <> 0
            FROM quizzes_quizattempt a
            JOIN quizzes_question q ON q.quiz_id = a.quiz_id AND NOT q.is_archived
            WHERE a.session_key = '' AND a.learner_id IN (SELECT id FROM large_learner)
            """,
        )
        run(
            cursor,
            "quizzes_reviewcard",
            f"""
            INSERT INTO quizzes_reviewcard (learner_id, question_id, box, due_on,
                last_reviewed_at)
            SELECT l.id, q.id, 1 + (l.n + c) % 4, current_date + ((l.n + c) % 30 - 10), now()
            FROM large_learner l CROSS JOIN generate_series(1, {cards_each}) AS c
            JOIN LATERAL (
                SELECT id FROM quizzes_question ORDER BY id
                OFFSET (l.n * 7 + c * 5) % (SELECT count(*) FROM quizzes_question) LIMIT 1
            ) q ON true
            ON CONFLICT DO NOTHING
            """,
        )
        run(
            cursor,
            "progress_learningplan",
            """
            INSERT INTO progress_learningplan (learner_id, roadmap_id, start_date, created_at,
                updated_at)
            SELECT l.id, (SELECT roadmap_id FROM large_step WHERE k = 1),
                current_date - (l.n % 300), now(), now()
            FROM large_learner l WHERE l.n % 2 = 1
            """,
        )
        run(
            cursor,
            "progress_evidencelink",
            """
            INSERT INTO progress_evidencelink (progress_id, url, label, created_at)
            SELECT p.id, 'https://example.com/' || p.id, 'Repository', now()
            FROM progress_stepprogress p JOIN large_learner l ON l.id = p.learner_id
            JOIN large_step s ON s.id = p.step_id
            WHERE p.status = 'done' AND (l.n = 1 OR (l.n % 10 = 0 AND s.k % 5 = 0))
            """,
        )
        run(
            cursor,
            "progress_resourcedone",
            """
            INSERT INTO progress_resourcedone (learner_id, resource_id, done_at)
            SELECT l.id, r.id, now() FROM large_learner l
            JOIN roadmap_resource r ON r.id % 7 = l.n % 7
            WHERE l.n = 1 OR l.n % 5 = 0
            """,
        )
        run(
            cursor,
            "progress_personalresource",
            """
            INSERT INTO progress_personalresource (learner_id, topic_id, title, url, created_at)
            SELECT l.id, (SELECT id FROM large_topic WHERE k = 1 + l.n % (SELECT count(*)
                FROM large_topic)), 'My notes', 'https://example.com/notes/' || l.n, now()
            FROM large_learner l WHERE l.n = 1 OR l.n % 5 = 0
            """,
        )
        # A power learner on top: large-000002 also has 1,000 attempts and 20,000 events, the
        # history that shows which queries grow with a learner's own rows.
        run(
            cursor,
            "power learner: quizzes_quizattempt",
            """
            INSERT INTO quizzes_quizattempt (quiz_id, learner_id, session_key, token, kind, score,
                total, pass_mark, passed, submitted_at, reset_at)
            SELECT q.id, l.id, '', md5('power-' || a)::uuid, 'quiz', q.questions / 2, q.questions,
                q.pass_mark, false, now() - a * interval '1 hour', NULL
            FROM large_learner l CROSS JOIN generate_series(1, 1000) AS a
            JOIN large_quiz q ON q.k = 1 + a % (SELECT count(*) FROM large_quiz)
            WHERE l.n = 2
            """,
        )
        run(
            cursor,
            "power learner: quizzes_attemptanswer",
            """
            INSERT INTO quizzes_attemptanswer (attempt_id, question_id, position, question_text,
                explanation, kind, teaching_url, teaching_label, choices, is_correct)
            SELECT a.id, q.id, q.position, 'Question', '', q.kind, '', '', '[]',
                (a.id + q.id) % 3 <> 0
            FROM quizzes_quizattempt a
            JOIN quizzes_question q ON q.quiz_id = a.quiz_id AND NOT q.is_archived
            WHERE a.token IN (SELECT md5('power-' || a)::uuid FROM generate_series(1, 1000) a)
            """,
        )
        run(
            cursor,
            "power learner: progress_activityevent",
            """
            INSERT INTO progress_activityevent (learner_id, kind, step_id, occurred_at)
            SELECT l.id, 'step', NULL, now() - g * interval '10 minutes'
            FROM large_learner l CROSS JOIN generate_series(1, 20000) AS g WHERE l.n = 2
            """,
        )
    with connection.cursor() as cursor:
        run(cursor, "VACUUM ANALYZE", "VACUUM ANALYZE")
    print(f"==> built in {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100,000 learners")
    main(parser.parse_args().scale)
