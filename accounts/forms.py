"""Sign-up, log-in (by username or email, throttled), settings and account deletion forms."""

import zoneinfo
from functools import lru_cache

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, UserChangeForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.views.decorators.debug import sensitive_variables

from . import throttling
from .models import User

DUPLICATE_EMAIL = "An account with this email address already exists."


# Where people live: the IANA areas. Left out are legacy aliases ("US/Eastern", "GB"), fixed
# offsets ("Etc/GMT+5") and names that are not zones at all ("Factory", "localtime").
TIME_ZONE_AREAS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@lru_cache(maxsize=1)
def time_zone_names():
    """Every real time zone a learner can live in, plus UTC: a set of IANA names."""
    names = {
        name
        for name in zoneinfo.available_timezones()
        if name.split("/", 1)[0] in TIME_ZONE_AREAS and "/" in name
    }
    return frozenset(names | {"UTC"})


def time_zone_choices(current=None):
    """The zones grouped by area for a <select> (type a letter to jump; the groups keep it
    short), with UTC first; a learner's `current` zone stays listed even if it is an old alias."""
    grouped = {}
    for name in sorted(time_zone_names() - {"UTC"}):
        area, place = name.split("/", 1)
        grouped.setdefault(area, []).append((name, place.replace("_", " ").replace("/", " / ")))
    choices = [("UTC", "UTC"), *grouped.items()]
    if current and current not in time_zone_names() and current in zoneinfo.available_timezones():
        choices.insert(1, (current, f"{current} (your current setting)"))
    return choices


def clean_unique_email(email, *, instance=None):
    """Normalize an email address and refuse one another account uses, whatever its case."""
    email = User.objects.normalize_email(email.strip())
    others = User.objects.filter(email__iexact=email)
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    if others.exists():
        raise ValidationError(DUPLICATE_EMAIL, code="unique")
    return email


class SignUpForm(UserCreationForm):
    """Username, email and a password checked by the site's password validators."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="For password resets. Never shown to anyone.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Filled by static/js/timezone.js from the browser; empty or unknown means UTC (the
    # learner can change it in their settings), never an error on a field they cannot see.
    time_zone = forms.CharField(
        required=False,
        widget=forms.HiddenInput(attrs={"data-detect-time-zone": ""}),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "time_zone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password1"].widget.attrs["autocomplete"] = "new-password"
        self.fields["password2"].widget.attrs["autocomplete"] = "new-password"

    def clean_email(self):
        return clean_unique_email(self.cleaned_data["email"])

    def validate_password_for_user(self, user, **kwargs):
        # A too-short or too-common password is the password field's error, shown under it
        # (Django puts it under the confirmation field).
        super().validate_password_for_user(user, password_field_name="password1")

    def clean_time_zone(self):
        value = (self.cleaned_data.get("time_zone") or "").strip()
        known = time_zone_names()
        return value if value in known else "UTC"


def find_login_user(identifier):
    """The account a typed username or email address means, or None.

    An exact username wins; then an email address (unique whatever its case); then a username in
    another case when only one account has it.
    """
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    user = User.objects.filter(username=identifier).first()
    if user is None and "@" in identifier:
        user = User.objects.filter(email__iexact=identifier).first()
    if user is None:
        matches = list(User.objects.filter(username__iexact=identifier)[:2])
        user = matches[0] if len(matches) == 1 else None
    return user


class LoginForm(AuthenticationForm):
    """Log in with a username or an email address; refuse attempts once failures pile up."""

    username = forms.CharField(
        label="Username or email address",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That username or email address and password do not match an account.",
        "throttled": "%(message)s",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Username or email address"
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = 254
        self.is_throttled = False

    @sensitive_variables("password")
    def clean(self):
        identifier = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if identifier is None or not password:
            return self.cleaned_data

        user = find_login_user(identifier)
        username = user.get_username() if user else identifier
        # django-axes refuses a locked-out attempt before the password is checked, and counts a
        # failure; the lock makes the check and the count one step (see accounts/throttling.py).
        refusal = {}  # axes puts its reason here when it refused without checking
        with throttling.attempt_lock(self.request, username):
            self.user_cache = authenticate(
                self.request, username=username, password=password, response_context=refusal
            )
        if self.user_cache is None:
            if refusal.get("error"):
                self.is_throttled = True
                wait = throttling.retry_after(self.request, username)
                raise ValidationError(
                    self.error_messages["throttled"],
                    code="throttled",
                    params={"message": throttling.retry_message(wait)},
                )
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class SettingsForm(forms.ModelForm):
    """What a learner may change about their account: email, display name and time zone."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        help_text="Plan dates and “last activity” are shown in this time zone.",
    )
    current_password = forms.CharField(
        label="Current password",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Needed only to change your email address (password resets are sent there).",
    )

    class Meta:
        model = User
        fields = ("email", "display_name", "time_zone")
        labels = {"display_name": "Display name"}
        help_texts = {"display_name": "Shown instead of your username. Optional."}
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "nickname"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial_email = (self.instance.email or "").lower()
        self.fields["time_zone"].choices = time_zone_choices(current=self.instance.time_zone)

    def clean_email(self):
        return clean_unique_email(self.cleaned_data["email"], instance=self.instance)

    def clean(self):
        cleaned = super().clean()
        # Whoever holds a session must not be able to take the account over by moving its
        # email (and so its password resets) elsewhere: a new address needs the password.
        new_email = (cleaned.get("email") or "").lower()
        if "email" in self.changed_data and new_email and new_email != self.initial_email:
            password = cleaned.get("current_password") or ""
            if not self.instance.check_password(password):
                self.add_error(
                    "current_password",
                    "Enter your current password to change your email address.",
                )
        return cleaned


class DeleteAccountForm(forms.Form):
    """Deleting an account needs its username (or DELETE) typed, and the password again: whoever
    holds a session (a borrowed laptop, a stolen cookie) must not be able to erase everything."""

    confirmation = forms.CharField(
        label="Type your username or DELETE to confirm",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, learner, **kwargs):
        super().__init__(*args, **kwargs)
        self.learner = learner

    def clean_confirmation(self):
        typed = self.cleaned_data["confirmation"].strip()
        # Any case: "delete", "Delete", or the username as the learner remembers typing it.
        if typed.casefold() not in {self.learner.get_username().casefold(), "delete"}:
            raise ValidationError(
                "That does not match. Type your username (%(username)s) or DELETE.",
                code="mismatch",
                params={"username": self.learner.get_username()},
            )
        return typed

    @sensitive_variables("password")
    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.learner.check_password(password):
            raise ValidationError("That is not your password.", code="wrong_password")
        return password


class AdminUserChangeForm(UserChangeForm):
    """The admin's user form, with the time zone picked from the known zones."""

    time_zone = forms.ChoiceField(choices=time_zone_choices)

    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"
