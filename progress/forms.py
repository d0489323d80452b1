from datetime import date

from django import forms
from django.core.validators import URLValidator

from .models import (
    HOURS_PER_WEEK_RANGE,
    EvidenceLink,
    PersonalResource,
    StepProgress,
    StepStatus,
    TopicStatus,
)

LEAST_HOURS, MOST_HOURS = HOURS_PER_WEEK_RANGE
HOURS_ERROR = f"Enter a whole number of hours a week from {LEAST_HOURS} to {MOST_HOURS}."


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=StepStatus.choices,
        error_messages={
            "required": "Choose a status.",
            "invalid_choice": "“%(value)s” is not a status. Choose not started, in progress, "
            "done or skipped.",
        },
    )


class PlanForm(forms.Form):
    start_date = forms.DateField(
        label="Plan start date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Each step gets a finish date counted from it.",
    )
    hours_per_week = forms.IntegerField(
        label="Hours a week",
        required=False,
        min_value=LEAST_HOURS,
        max_value=MOST_HOURS,
        widget=forms.NumberInput(attrs={"min": LEAST_HOURS, "max": MOST_HOURS, "step": 1}),
        error_messages={
            "invalid": HOURS_ERROR,
            "min_value": HOURS_ERROR,
            "max_value": HOURS_ERROR,
        },
        help_text="Optional: with it, the dates count each step's hours; without, its months.",
    )

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if not date(2000, 1, 1) <= start <= date(2100, 12, 31):
            raise forms.ValidationError("Choose a start date between 2000 and 2100.")
        return start


class NoteForm(forms.ModelForm):
    class Meta:
        model = StepProgress
        fields = ["note"]
        labels = {"note": "Private note"}
        help_texts = {"note": "Only you can see it. It appears in your portfolio."}
        widgets = {"note": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        cleaned = super().clean()
        # The page's form always sends the field (empty to clear the note); a request without it
        # is malformed and must not wipe the saved note.
        if "note" not in self.data:
            raise forms.ValidationError("The note was missing from the form; nothing was saved.")
        return cleaned


class EvidenceForm(forms.ModelForm):
    url = forms.URLField(
        label="Link",
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={"invalid": "Enter a full web address starting with http:// or https://."},
        help_text="A repository, a certificate, a write-up: an http:// or https:// address.",
    )

    class Meta:
        model = EvidenceLink
        fields = ["url", "label"]
        labels = {"label": "Label (optional)"}


class TopicStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=TopicStatus.choices,
        error_messages={
            "required": "Choose a status for the topic.",
            "invalid_choice": "“%(value)s” is not a topic status. Choose done, skipped or to do.",
        },
    )


class ResourceDoneForm(forms.Form):
    done = forms.TypedChoiceField(
        choices=[("1", "Done"), ("0", "Not done")],
        coerce=lambda value: value == "1",
        error_messages={
            "required": "Say whether the resource is done.",
            "invalid_choice": "Send done=1 or done=0.",
        },
    )


def _web_address_field(label, help_text):
    return forms.URLField(
        label=label,
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={"invalid": "Enter a web address, e.g. https://example.com/guide."},
        help_text=help_text,
    )


class PersonalResourceForm(forms.ModelForm):
    url = _web_address_field("Address", "A page you learnt from; “https://” is added if missing.")

    class Meta:
        model = PersonalResource
        fields = ["title", "url"]
        labels = {"title": "Title"}


class ProjectLinkForm(forms.Form):
    url = _web_address_field(
        "Link", "A repository, a demo or a report a reviewer can open; “https://” is added."
    )
