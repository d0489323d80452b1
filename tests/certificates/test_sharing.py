"""A learner who finished a roadmap shares a certificate at an unguessable, revocable address."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import NotEligible, share_certificate
from progress.services import mark_step, reset_quiz_history
from tests.helpers import answer, post_with_token, quiz_for, readable_text

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("progress:dashboard")


@pytest.fixture
def finished(learner, roadmap, steps):
    """Every step done and the quiz passed (best 100%)."""
    learner.display_name = "Ada Lovelace"
    learner.save()
    quiz = quiz_for(roadmap, linked=steps[:2], unlinked=2, pass_mark=70)
    for step in steps:
        mark_step(learner=learner, step=step, status="done")
    answer(quiz, learner, wrong=quiz.questions.all()[:2])  # 50%: not passed
    answer(quiz, learner)  # 100%
    return quiz


def share(client, roadmap, name="Ada L."):
    return post_with_token(
        client, DASHBOARD, reverse("certificates:share", args=[roadmap.slug]), {"name": name}
    )


def stop(client, roadmap):
    return post_with_token(client, DASHBOARD, reverse("certificates:stop", args=[roadmap.slug]))


def state(client):
    return re.findall(r'data-certificate-state="([^"]+)"', client.get(DASHBOARD).content.decode())


def test_not_eligible_explains_what_is_missing(signed_in_csrf_client, learner, roadmap, steps):
    quiz = quiz_for(roadmap)
    mark_step(learner=learner, step=steps[0], status="done")
    answer(quiz, learner, wrong=quiz.questions.all())
    assert state(signed_in_csrf_client) == ["not-eligible"]
    text = readable_text(signed_in_csrf_client.get(DASHBOARD))
    assert (
        "To get a shareable certificate, mark every step done (1 of 6 so far) and pass the "
        "knowledge check (best so far 0%)." in text
    )

    response = share(signed_in_csrf_client, roadmap)
    assert response.status_code == 400
    assert "To get a certificate, mark every step done (1 of 6 so far)" in readable_text(response)
    assert not Certificate.objects.exists()


def test_skipped_steps_do_not_count_as_done(learner, roadmap, steps, finished):
    mark_step(learner=learner, step=steps[3], status="skipped")
    with pytest.raises(NotEligible, match="5 of 6"):
        share_certificate(learner=learner, roadmap=roadmap, name="Ada")


def test_eligible_but_not_shared_offers_the_form_with_the_display_name(
    signed_in_csrf_client, roadmap, finished
):
    assert state(signed_in_csrf_client) == ["eligible"]
    html = signed_in_csrf_client.get(DASHBOARD).content.decode()
    assert "It is not shared yet" in html
    assert 'value="Ada Lovelace"' in html
    assert not Certificate.objects.exists()


def test_sharing_publishes_the_certificate_page(
    signed_in_csrf_client, client, learner, roadmap, steps, finished
):
    response = share(signed_in_csrf_client, roadmap, name="Ada King, Countess of Lovelace")
    assert response.status_code == 302
    certificate = Certificate.objects.get(learner=learner)
    assert len(certificate.token) >= 22
    url = certificate.get_absolute_url()
    assert url == f"/certificates/{certificate.token}/"
    assert state(signed_in_csrf_client) == ["shared"]
    assert url in signed_in_csrf_client.get(DASHBOARD).content.decode()

    page = client.get(url)  # anyone with the address, signed in or not
    assert page.status_code == 200
    html, text = page.content.decode(), readable_text(page)
    last_done = max(r.completed_at for r in learner.step_progress.all())
    assert "Ada King, Countess of Lovelace" in text
    assert roadmap.title in text
    assert f"Completed on {last_done:%-d %B %Y}" in text
    assert "passed, best score 100%" in text
    assert (
        f"Verified by Roadmap Atlas on {certificate.shared_at:%-d %B %Y}; this page is live "
        "only while the learner shares it." in text
    )
    for tag in ("og:title", "og:description", "og:type"):
        assert f'<meta property="{tag}"' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "css/certificate.css" in html


def test_turning_sharing_off_makes_the_address_a_404_at_once(
    signed_in_csrf_client, client, roadmap, finished
):
    share(signed_in_csrf_client, roadmap)
    url = Certificate.objects.get().get_absolute_url()
    assert client.get(url).status_code == 200

    assert stop(signed_in_csrf_client, roadmap).status_code == 302
    assert client.get(url).status_code == 404
    assert state(signed_in_csrf_client) == ["eligible"]

    share(signed_in_csrf_client, roadmap)  # on again: a new address; the old one stays dead
    new_url = Certificate.objects.get().get_absolute_url()
    assert new_url != url
    assert client.get(url).status_code == 404
    assert client.get(new_url).status_code == 200


def test_renaming_a_shared_certificate_keeps_its_address(
    signed_in_csrf_client, client, roadmap, finished
):
    share(signed_in_csrf_client, roadmap, name="Ada")
    url = Certificate.objects.get().get_absolute_url()
    share(signed_in_csrf_client, roadmap, name="Ada Lovelace")
    assert Certificate.objects.get().get_absolute_url() == url
    assert "Ada Lovelace" in readable_text(client.get(url))


def test_another_learner_cannot_toggle_my_certificate(
    signed_in_csrf_client, csrf_client, learner, other_learner, roadmap, finished
):
    share(signed_in_csrf_client, roadmap)
    mine = Certificate.objects.get(learner=learner)
    signed_in_csrf_client.logout()

    csrf_client.force_login(other_learner)
    stop(csrf_client, roadmap)  # acts on their own (absent) certificate only
    response = share(csrf_client, roadmap, name="Grace")
    assert response.status_code == 400  # they have not finished the roadmap

    mine.refresh_from_db()
    assert mine.is_shared and mine.name == "Ada L."
    assert Certificate.objects.count() == 1
    assert csrf_client.get(mine.get_absolute_url()).status_code == 200  # public, not theirs


def test_sharing_needs_the_csrf_token_and_an_account(
    signed_in_csrf_client, client, roadmap, finished
):
    url = reverse("certificates:share", args=[roadmap.slug])
    assert signed_in_csrf_client.post(url, {"name": "Ada"}).status_code == 403
    response = client.post(url, {"name": "Ada"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Certificate.objects.exists()


def test_an_empty_name_is_a_form_error(signed_in_csrf_client, roadmap, finished):
    response = share(signed_in_csrf_client, roadmap, name="   ")
    assert response.status_code == 400
    assert "Enter the name to print on the certificate." in readable_text(response)


def test_an_unknown_token_is_a_404(client):
    assert client.get("/certificates/not-a-real-token/").status_code == 404


def test_a_quiz_reset_does_not_revoke_a_shared_certificate(
    signed_in_csrf_client, client, learner, roadmap, finished
):
    share(signed_in_csrf_client, roadmap)
    reset_quiz_history(learner=learner, roadmap=roadmap)
    assert client.get(Certificate.objects.get().get_absolute_url()).status_code == 200
    assert state(signed_in_csrf_client) == ["shared"]


def test_the_print_stylesheet_fits_one_page():
    css = (Path(settings.BASE_DIR) / "static/css/certificate.css").read_text()
    assert re.search(r"@page\s*{[^}]*size:", css)
    assert "@media print" in css
    assert "break-inside: avoid" in css
