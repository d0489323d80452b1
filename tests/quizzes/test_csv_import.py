"""Questions as CSV in the admin: preview, all or nothing, no duplicates, round trip."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes import csv_io
from quizzes.models import Choice, Question, QuizAttempt
from quizzes.services import submit_attempt
from sources.models import Citation
from tests.factories import SourceFactory, UserFactory
from tests.helpers import right_answers

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/quizzes/question/import/"
EXPORT_URL = "/admin/quizzes/question/export/"
CHANGELIST_URL = "/admin/quizzes/question/"
HEADER = "quiz,kind,text,choices,correct,explanation,feedback,step,source,position\n"


@pytest.fixture
def quiz(make_quiz):
    """A quiz on roadmap "ml" (step "foundations"), with three questions, and a source "usd"."""
    quiz = make_quiz(3)
    quiz.roadmap.slug = "ml"
    quiz.roadmap.save()
    SourceFactory(key="usd")
    return quiz


def csv_file(*rows, header=HEADER, encoding="utf-8"):
    return (header + "".join(row + "\n" for row in rows)).encode(encoding)


GOOD = [
    'ml,single,What comes first?,Python | Docker | Kaggle,1,Step 1 is the basics.,"Yes | No | No",'
    "foundations,usd,7",
    'ml,multiple,"Which are tools, really?",Docker | MLflow | Luck,1;2,Both are tools.,,,,',
]
BAD_STEP = "ml,single,A third one?,Yes | No,1,Because.,,no-such-step,,"


def upload(client, data, name="questions.csv"):
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data, "text/csv")})


def payload_of(response):
    found = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    return unescape(found.group(1)) if found else None


def import_file(client, data):
    """Upload, check the preview offers to import, confirm; return the confirmation response."""
    preview = upload(client, data)
    assert preview.status_code == 200
    payload = payload_of(preview)
    assert payload, preview.content.decode()
    return client.post(IMPORT_URL, {"payload": payload})


def row_html(response, line):
    html = response.content.decode()
    match = re.search(rf'<tr data-import-row="{line}".*?</tr>', html, re.S)
    assert match, f"no row for line {line}"
    return unescape(match.group(0))


def test_the_question_list_links_to_import_and_export(editor_client, quiz):
    html = editor_client.get(CHANGELIST_URL).content.decode()

    assert f'href="{IMPORT_URL}"' in html and "Import from CSV" in html
    assert f'href="{EXPORT_URL}"' in html and "Export all as CSV" in html
    assert "Export selected questions as CSV" in html


def test_a_valid_file_shows_a_preview_and_saves_nothing_until_confirmed(editor_client, quiz):
    preview = upload(editor_client, csv_file(*GOOD))

    assert preview.status_code == 200
    assert "2 rows: 2 to create, 0 to update, 0 unchanged." in preview.content.decode()
    assert "Create" in row_html(preview, 2) and "Which are tools, really?" in row_html(preview, 3)
    assert Question.objects.count() == 3

    response = editor_client.post(IMPORT_URL, {"payload": payload_of(preview)})

    assert response.status_code == 302 and response["Location"] == CHANGELIST_URL
    first = Question.objects.get(text="What comes first?")
    assert (first.quiz, first.kind, first.position, first.step.slug) == (
        quiz,
        "single",
        7,
        "foundations",
    )
    assert first.explanation == "Step 1 is the basics."
    assert [(c.text, c.is_correct, c.feedback) for c in first.choices.all()] == [
        ("Python", True, "Yes"),
        ("Docker", False, "No"),
        ("Kaggle", False, "No"),
    ]
    assert [c.source.key for c in first.citations.all()] == ["usd"]
    second = Question.objects.get(text="Which are tools, really?")
    assert second.kind == "multiple" and second.step is None and second.position == 3
    assert [c.is_correct for c in second.choices.all()] == [True, True, False]
    messages = editor_client.get(CHANGELIST_URL).content.decode()
    assert "Imported: 2 question(s) created, 0 updated, 0 unchanged." in messages


def test_a_file_with_one_bad_row_shows_its_error_and_saves_nothing(editor_client, quiz):
    response = upload(editor_client, csv_file(*GOOD, BAD_STEP))

    html = response.content.decode()
    assert response.status_code == 200
    assert "1 of 3 rows has errors: nothing will be imported." in html
    assert "Unknown step “no-such-step” in the roadmap “ml”." in row_html(response, 4)
    assert "Create" in row_html(response, 2)
    assert payload_of(response) is None and "Confirm import" not in html
    assert Question.objects.count() == 3


def test_the_import_service_saves_nothing_when_a_row_is_bad(quiz):
    text = csv_file(*GOOD, BAD_STEP).decode()

    with pytest.raises(csv_io.ImportRejected) as rejected:
        csv_io.import_questions(text=text)

    assert [row.line for row in rejected.value.plan.error_rows] == [4]
    assert Question.objects.count() == 3
    assert not Choice.objects.filter(text="Python").exists()


BAD_ROWS = [
    ("nope,single,Q?,A | B,1,Why.,,,,", "Unknown quiz “nope”"),
    ("ml,either,Q?,A | B,1,Why.,,,,", "Unknown kind “either”: use single or multiple."),
    ("ml,single,Q?,A | B | C,1;2,Why.,,,,", "exactly one right choice; 2 are marked right"),
    ("ml,multiple,Q?,A | B,,Why.,,,,", "Say which choices are right"),
    ("ml,single,Q?,A | B,3,Why.,,,,", "Right choice 3 does not exist"),
    ("ml,single,Q?,Only one,1,Why.,,,,", "at least two choices"),
    ("ml,single,Q?,A | B,1,Why.,Yes | No | Maybe,,,", "3 feedback texts for 2 choices"),
    ("ml,single,,A | B,1,Why.,,,,", "The question text is missing."),
    ("ml,single,Q?,A | B,1,,,,,", "The explanation is missing."),
    ("ml,single,Q?,A | B,1,Why.,,,nowhere,", "Unknown source “nowhere”."),
    ("ml,single,Q?,A | A,1,Why.,,,,", "Two choices have the same text."),
    ("ml,single,Q?,A | B,1,Why.,,,,-2", "is not a whole number"),
    ("ml,single,Q?,A | B,1,Why.,,,,,extra", "This row has 11 cells"),
]


@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_each_kind_of_bad_row_gets_a_clear_error(editor_client, quiz, row, message):
    response = upload(editor_client, csv_file(GOOD[0], row))

    assert response.status_code == 200
    assert message in row_html(response, 3)
    assert payload_of(response) is None
    assert Question.objects.count() == 3


def test_the_same_question_twice_in_a_file_is_an_error(editor_client, quiz):
    response = upload(editor_client, csv_file(GOOD[0], GOOD[0]))

    assert "already on line 2 of this file" in row_html(response, 3)


def test_importing_the_same_file_twice_creates_no_duplicates(editor_client, quiz):
    data = csv_file(*GOOD)
    import_file(editor_client, data)
    ids = sorted(Question.objects.values_list("pk", flat=True))
    choices = sorted(Choice.objects.values_list("pk", flat=True))

    preview = upload(editor_client, data)
    assert "0 to create, 0 to update, 2 unchanged." in preview.content.decode()
    import_file(editor_client, data)

    assert sorted(Question.objects.values_list("pk", flat=True)) == ids
    assert sorted(Choice.objects.values_list("pk", flat=True)) == choices
    assert Citation.objects.filter(source__key="usd").count() == 1


def test_a_changed_row_updates_the_question_in_place(editor_client, quiz):
    import_file(editor_client, csv_file(*GOOD))
    question = Question.objects.get(text="What comes first?")
    python = question.choices.get(text="Python")
    changed = "ml,single,What comes first?,Kaggle | Python | Statistics,2,New why.,,foundations,,7"

    preview = upload(editor_client, csv_file(changed))
    assert "Update" in row_html(preview, 2)
    import_file(editor_client, csv_file(changed))

    question.refresh_from_db()
    assert question.explanation == "New why."
    assert [(c.text, c.is_correct) for c in question.choices.all()] == [
        ("Kaggle", False),
        ("Python", True),
        ("Statistics", False),
    ]
    assert question.choices.get(text="Python").pk == python.pk
    assert not question.choices.filter(text="Docker").exists()  # nobody answered: deleted
    assert not question.citations.exists()  # the source cell is empty


def test_a_choice_learners_answered_is_archived_not_deleted(editor_client, quiz, learner):
    question = quiz.questions.first()
    submit_attempt(quiz=quiz, answers=right_answers(quiz), token=str(QuizAttempt().token))
    kept = [c.text for c in question.choices.all()][:2]
    row = f"ml,single,{question.text},{kept[0]} | {kept[1]},1,Why.,,,,"

    import_file(editor_client, csv_file(row))

    assert question.choices.count() == 4
    assert [c.text for c in question.choices.active()] == kept
    assert question.choices.filter(is_archived=True).count() == 2


def test_without_step_and_source_columns_they_are_left_alone(editor_client, quiz):
    import_file(editor_client, csv_file(GOOD[0]))
    header = "quiz,kind,text,choices,correct,explanation\n"

    import_file(
        editor_client,
        csv_file("ml,single,What comes first?,Python | Docker,1,Shorter.", header=header),
    )

    question = Question.objects.get(text="What comes first?")
    assert question.explanation == "Shorter."
    assert question.step.slug == "foundations"
    assert [c.source.key for c in question.citations.all()] == ["usd"]


def test_export_then_import_into_a_fresh_database_then_export_is_identical(editor_client, content):
    first = editor_client.get(EXPORT_URL)
    assert first.status_code == 200
    assert first["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in first["Content-Disposition"]
    exported = first.content
    count = Question.objects.active().count()
    assert exported.startswith(b"\xef\xbb\xbfquiz,kind,text,")
    assert count >= 3 and exported.count(b"\r\n") > count

    question_type = ContentType.objects.get_for_model(Question)
    Citation.objects.filter(content_type=question_type).delete()
    Question.objects.all().delete()
    response = import_file(editor_client, exported)
    assert response.status_code == 302

    assert Question.objects.count() == count
    assert editor_client.get(EXPORT_URL).content == exported


def test_the_export_action_exports_the_selected_questions(editor_client, quiz):
    chosen = list(quiz.questions.all()[:2])

    response = editor_client.post(
        CHANGELIST_URL,
        {"action": "export_csv", "_selected_action": [q.pk for q in chosen]},
    )

    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = text.splitlines()
    assert lines[0] == HEADER.strip()
    assert len(lines) == 3
    assert lines[1].startswith("ml,single,Question number 0?,Q0 choice 0 | Q0 choice 1 |")
    assert ",1,Explanation of question 0.,Feedback for Q0 choice 0. | " in lines[1]
    assert lines[1].endswith(",foundations,,0")


def test_pipes_inside_a_choice_survive_the_round_trip(editor_client, quiz):
    question = quiz.questions.first()
    choice = question.choices.first()
    choice.text = "a | b"
    choice.save()
    exported = editor_client.get(EXPORT_URL).content

    assert "a \\| b" in exported.decode("utf-8-sig")
    preview = upload(editor_client, exported)
    assert "0 to create, 0 to update, 3 unchanged." in preview.content.decode()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_like_cells_are_neutralised_and_still_round_trip(admin_client, quiz, start):
    import csv
    import io

    question = quiz.questions.first()
    question.text = f'{start}HYPERLINK("https://evil.example")'
    question.explanation = "=1+1"
    question.save()
    exported = admin_client.get(EXPORT_URL).content.decode("utf-8-sig")

    rows = list(csv.DictReader(io.StringIO(exported, newline="")))
    cells = [cell for row in rows for cell in row.values()]
    assert not [cell for cell in cells if cell[:1] in {"=", "+", "-", "@", "\t", "\r"}]
    assert f"'{start}HYPERLINK" in exported
    if start.strip():  # (the import strips a leading tab or line break from any text)
        preview = upload(admin_client, exported.encode())
        assert "0 to create, 0 to update, 3 unchanged." in preview.content.decode()


@pytest.mark.parametrize("size", [6, 60])
def test_export_runs_a_fixed_number_of_queries(editor_client, make_quiz, size):
    make_quiz(size)
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(EXPORT_URL)
    assert response.content.decode("utf-8-sig").count("\r\n") == size + 1
    # session with the user, questions with quiz, roadmap and step, choices, citations
    assert len(queries) == 4


def test_a_file_with_a_byte_order_mark_imports(editor_client, quiz):
    import_file(editor_client, b"\xef\xbb\xbf" + csv_file(*GOOD))

    assert Question.objects.filter(text="What comes first?").exists()


def test_a_non_utf8_file_is_a_clear_error(editor_client, quiz):
    data = csv_file(
        "ml,single,Qu’est-ce que c’est ? Déjà,A | B,1,Parce que.,,,,", encoding="cp1252"
    )

    response = upload(editor_client, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "The file is not UTF-8 text" in html and "CSV UTF-8" in html
    assert payload_of(response) is None
    assert Question.objects.count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"\n\n", "The file is empty."),
        (HEADER.encode(), "The file has a header but no question."),
        (b"quiz,kind,text\nml,single,Q?\n", "Missing column(s): choices, correct, explanation."),
        (HEADER.replace("source", "sources").encode(), "Unknown column(s): sources."),
        (b"\x00\x01binary\x00", "The file is not a text file."),
        (b'quiz,"kind\n', "not valid CSV"),
    ],
)
def test_a_malformed_file_is_a_clear_error(editor_client, quiz, data, message):
    response = upload(editor_client, data)

    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert payload_of(response) is None


def test_a_file_over_the_size_limit_is_refused(editor_client, quiz):
    row = GOOD[1].replace("Which are tools, really?", "x" * 900)
    data = csv_file(*[row.replace("x" * 900, f"{i}" + "x" * 900) for i in range(1200)])
    assert len(data) > csv_io.MAX_BYTES

    response = upload(editor_client, data)

    assert "The file is larger than 1024 KB." in response.content.decode()
    assert Question.objects.count() == 3


def test_a_tampered_or_expired_preview_is_refused(editor_client, quiz):
    payload = payload_of(upload(editor_client, csv_file(*GOOD)))

    response = editor_client.post(IMPORT_URL, {"payload": payload[:-2] + "xx"})

    assert response.status_code == 200
    assert "This preview has expired. Please upload the file again." in response.content.decode()
    assert Question.objects.count() == 3


def test_the_confirmation_checks_the_rows_again(editor_client, quiz):
    payload = payload_of(upload(editor_client, csv_file(*GOOD)))
    quiz.roadmap.steps.update(slug="renamed")

    response = editor_client.post(IMPORT_URL, {"payload": payload})

    assert response.status_code == 200
    assert "Unknown step “foundations”" in row_html(response, 2)
    assert Question.objects.count() == 3


def test_only_staff_with_permission_may_import_or_export(client, quiz):
    staff = UserFactory(username="reader", is_staff=True)
    for user in (None, UserFactory(username="plain"), staff):
        client.logout()
        if user:
            client.force_login(user)
        for url in (IMPORT_URL, EXPORT_URL):
            response = client.get(url)
            assert response.status_code in (302, 403)
            if response.status_code == 302:
                assert "/admin/login/" in response["Location"]
    client.force_login(staff)
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, csv_file(*GOOD)).status_code == 403
    assert Question.objects.count() == 3


def test_the_documented_example_imports(editor_client, content):
    doc = (Path(__file__).parents[2] / "docs" / "question-csv.md").read_text()
    example = re.search(r"```csv\n(.*?)```", doc, re.S).group(1)

    preview = upload(editor_client, example.encode())

    assert payload_of(preview), preview.content.decode()
    assert "2 to create" in preview.content.decode()
