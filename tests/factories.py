"""factory_boy factories for tests that build their own content instead of loading fixtures."""

import factory
from django.contrib.contenttypes.models import ContentType

from accounts.models import User
from quizzes.models import Choice, Question, Quiz
from roadmap.models import CareerStage, Roadmap, Step
from sources.models import Citation, Source


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-9")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class RoadmapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Roadmap

    title = factory.Sequence(lambda n: f"Roadmap {n}")
    slug = factory.Sequence(lambda n: f"roadmap-{n}")
    status = Roadmap.Status.PUBLISHED
    summary = "A roadmap for tests."


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    roadmap = factory.SubFactory(RoadmapFactory)
    position = factory.Sequence(lambda n: n)
    slug = factory.Sequence(lambda n: f"step-{n}")
    title = factory.Sequence(lambda n: f"Step title {n}")
    summary = "Do the thing."
    start_month = 1
    end_month = 2


class CareerStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareerStage

    roadmap = factory.SubFactory(RoadmapFactory)
    title = "Stage"
    start_year = 0
    end_year = 3
    description = "A stage."


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    key = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Source {n}")
    publisher = "Publisher"
    url = factory.Sequence(lambda n: f"https://example.com/source-{n}")


def cite(item, source, position=0):
    """Make `item` cite `source`."""
    return Citation.objects.create(
        content_type=ContentType.objects.get_for_model(item),
        object_id=item.pk,
        source=source,
        position=position,
    )


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    roadmap = factory.SubFactory(RoadmapFactory)
    title = "Knowledge check"
    pass_mark = 70


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    quiz = factory.SubFactory(QuizFactory)
    position = factory.Sequence(lambda n: n)
    kind = Question.Kind.SINGLE
    text = factory.Sequence(lambda n: f"Question {n}?")
    explanation = "Because."


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Choice {n}")
    is_correct = False
