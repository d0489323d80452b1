"""The quiz form: one field per active question, choice ids as values, nothing about correctness."""

from functools import partial

from django import forms

UNANSWERED = "Please answer this question."
NOT_A_CHOICE = "That is not one of this question's choices. Please choose again."
ONE_ANSWER = "Please choose one answer."


class QuizForm(forms.Form):
    """Answers to a quiz, in the order the learner sees the questions.

    `questions` come from `drafts.ordered_questions()` (`AskedQuestion`s). A radio group
    for single-answer questions, checkboxes for "select all that apply". The values are choice ids;
    whether a choice is right never reaches the form.
    """

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            # Read when the field is rendered or validated: a form whose cards are kept
            # (`question_card`) never lists them.
            choices = partial(_choices, question)
            errors = {"required": UNANSWERED, "invalid_choice": NOT_A_CHOICE}
            label = question.text
            if question.is_multiple:
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    help_text="Select all that apply.",
                    error_messages=errors | {"invalid_list": NOT_A_CHOICE},
                )
            else:
                field = forms.ChoiceField(
                    label=label, choices=choices, widget=forms.RadioSelect, error_messages=errors
                )
            self.fields[self.field_name(question)] = field

    def clean(self):
        cleaned = super().clean()
        getlist = getattr(self.data, "getlist", None)
        for question in self.questions:
            name = self.field_name(question)
            if getlist and not question.is_multiple and len(getlist(name)) > 1:
                self.add_error(name, ONE_ANSWER)  # a radio group never sends two values
        return cleaned

    @staticmethod
    def field_name(question):
        return f"question_{question.pk}"

    def question_fields(self):
        """(number, question, bound field) in display order, for the template."""
        return [(number, q, self[self.field_name(q)]) for number, q in enumerate(self.questions, 1)]

    def answers(self):
        """{question id: {choice id, ...}} from valid data (the fields only offer numeric ids)."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data[self.field_name(question)]
            values = value if isinstance(value, list) else [value]
            answers[question.pk] = {int(v) for v in values}
        return answers

    def add_answer_errors(self, errors):
        """Show errors from `submit_attempt` ({question id: [messages]}) on their questions."""
        by_id = {q.pk: q for q in self.questions}
        for question_id, messages in errors.items():
            question = by_id.get(question_id)
            for message in messages:
                self.add_error(self.field_name(question) if question else None, message)


def submitted_answers(data, questions):
    """{question id: {choice id, ...}} when `data` (the POST) gives each of `questions` choice
    ids, written as the form writes them, and a single-answer question one; None otherwise.

    On a submit the form is needed only to say what is wrong: answers in this shape go straight
    to `submit_attempt`, which checks that they are the questions' active choices, so what it
    accepts the form would have accepted too. Anything else (a question left out, a value that
    is not an id) goes through the form, whose errors the page shows.
    """
    answers = {}
    for question in questions:
        values = data.getlist(QuizForm.field_name(question))
        if not values or (len(values) > 1 and not question.is_multiple):
            return None
        if not all(v.isascii() and v.isdecimal() and v[0] != "0" for v in values):
            return None
        answers[question.pk] = {int(v) for v in values}
    return answers


def _choices(question):
    return [(str(choice.pk), choice.text) for choice in question.choices]
