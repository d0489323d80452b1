"""Create the benchmark's learners (with a little progress) in the bench database.

Run by bench/run as `python -m bench.setup_data N`, DATABASE_URL pointing at the bench database.
Learners are bench-0001..bench-NNNN, all with the password in BENCH_PASSWORD.
"""

import os
import sys
from datetime import date

import django

PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-password-7341")
ROADMAP = "machine-learning-engineer"
LARGE = "bench-large"


def make_large_roadmap(size):
    """A published roadmap with `size` items in every section (each cited) and a quiz of `size`
    questions: for showing that queries per request do not grow with the content size."""
    from quizzes.models import Choice, Question, Quiz
    from roadmap import models as m
    from sources.models import Citation, Source

    if m.Roadmap.objects.filter(slug=LARGE).exists():
        return
    roadmap = m.Roadmap.objects.create(
        title="Bench: a large roadmap", slug=LARGE, status=m.Roadmap.Status.PUBLISHED, position=99
    )
    sources = Source.objects.bulk_create(
        Source(key=f"bench-{n}", title=f"Source {n}", publisher="Bench", url="https://example.com/")
        for n in range(size)
    )
    sections = {
        m.Pillar: {"title": "Pillar", "body": "Body"},
        m.KeyTerm: {"term": "Term", "definition": "Definition"},
        m.Callout: {"body": "Body"},
        m.SalaryFigure: {"role": "Role", "median_annual_usd": 100000, "reference_period": "2024"},
        m.CareerStage: {"title": "Stage", "start_year": 1, "description": "Description"},
        m.FAQ: {"question": "Question?", "answer": "Answer."},
        m.Highlight: {"text": "Highlight"},
    }
    cited = []
    for model, fields in sections.items():
        cited += model.objects.bulk_create(
            model(roadmap=roadmap, position=n, **fields) for n in range(size)
        )
    steps = m.Step.objects.bulk_create(
        m.Step(roadmap=roadmap, position=n, slug=f"step-{n + 1}", title=f"Step {n}", summary="S")
        for n in range(size)
    )
    cited += steps
    Citation.objects.bulk_create(
        Citation(content_object=item, source=sources[n % size], position=0)
        for n, item in enumerate(cited)
        if not isinstance(item, m.Highlight)
    )
    for related in m.Roadmap.objects.exclude(pk=roadmap.pk).published():
        m.RelatedTopic.objects.create(roadmap=roadmap, related=related)
    quiz = Quiz.objects.create(roadmap=roadmap, title="Bench quiz", pass_mark=50)
    questions = Question.objects.bulk_create(
        Question(quiz=quiz, position=n, text=f"Q{n}?", explanation="E", step=steps[n])
        for n in range(size)
    )
    Choice.objects.bulk_create(
        Choice(question=question, position=c, text=f"Choice {c}", is_correct=c == 0)
        for question in questions
        for c in range(4)
    )


def main(count):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roadmap_site.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from progress import services
    from roadmap.models import Roadmap, Step

    user_model = get_user_model()
    encoded = make_password(PASSWORD)  # hashed once: every learner shares it
    user_model.objects.bulk_create(
        [
            user_model(
                username=f"bench-{n:04d}",
                email=f"bench-{n:04d}@example.com",
                password=encoded,
                display_name=f"Bench learner {n}",
            )
            for n in range(1, count + 1)
        ],
        ignore_conflicts=True,
    )
    make_large_roadmap(int(os.environ.get("BENCH_LARGE_SIZE", "60")))
    roadmap = Roadmap.objects.get(slug=ROADMAP)
    steps = list(Step.objects.active().filter(roadmap=roadmap))
    learners = user_model.objects.filter(username__startswith="bench-").order_by("username")
    for n, learner in enumerate(learners):
        # A few rows each: the first steps done, the next one in progress.
        for step in steps[: n % 3]:
            services.mark_step(learner=learner, step=step, status="done")
        services.mark_step(learner=learner, step=steps[n % 3], status="in_progress")
        if n % 2:
            services.set_plan(learner=learner, roadmap=roadmap, start_date=date(2026, 1, 5))
    steps_file = os.environ.get("BENCH_STEPS_FILE")
    if steps_file:
        with open(steps_file, "w") as out:
            out.write("\n".join(step.slug for step in steps) + "\n")
    print(f"{learners.count()} bench learners, {len(steps)} active steps on {ROADMAP}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 82)
