"""A page compressed once with a value spliced into each response (`roadmap.precompressed`)."""

import gzip
import re
import secrets

import pytest
from django.urls import reverse

from roadmap.models import Step
from roadmap.precompressed import PrecompressedPage

SLOT = "{{token}}"
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def a_page(slots):
    """Text that repeats itself across the slots (so matches reach back over them), with UTF-8."""
    paragraph = "<p>Gradient descent — über schnell, déjà vu, 数据</p>\n" * 40
    return SLOT.join(f"<section id=s{n}>{paragraph}</section>" for n in range(slots + 1))


@pytest.mark.parametrize("slots", [0, 1, 5, 200])
def test_the_stream_inflates_to_the_page_with_the_value_in_every_slot(slots):
    html = a_page(slots)
    page = PrecompressedPage.of(html, slot=SLOT, slot_length=16)
    value = secrets.token_hex(8)
    expected = html.replace(SLOT, value).encode()
    assert gzip.decompress(page.gzip(value)) == expected
    assert page.text(value) == expected


def test_each_piece_refers_back_to_the_text_before_it():
    html = a_page(200)
    spliced = len(PrecompressedPage.of(html, slot=SLOT, slot_length=16).gzip("0" * 16))
    alone = sum(len(gzip.compress(piece.encode(), 9)) for piece in html.split(SLOT))
    assert spliced < alone / 2


def test_a_value_of_another_length_is_refused():
    page = PrecompressedPage.of(a_page(1), slot=SLOT, slot_length=16)
    with pytest.raises(ValueError, match="16 bytes"):
        page.gzip("short")


def test_a_new_visitor_gets_the_page_compressed_with_their_own_working_token(
    csrf_client, ml_roadmap
):
    url = ml_roadmap.get_absolute_url()
    plain = csrf_client.get(url).content.decode()
    first = csrf_client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    second = csrf_client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in first["Vary"] and "Cookie" in first["Vary"]
    pages = [gzip.decompress(r.content).decode() for r in (first, second)]
    tokens = [set(TOKEN_RE.findall(page)) for page in pages]
    assert all(len(found) == 1 for found in tokens)  # one token, in every form of the page
    assert tokens[0] != tokens[1]  # masked afresh for each response
    # The same page as sent uncompressed, token aside, and about as small as gzip makes it.
    assert TOKEN_RE.sub("", pages[0]) == TOKEN_RE.sub("", plain)
    assert len(first.content) < 1.15 * len(gzip.compress(pages[0].encode(), 6))
    step = Step.objects.get(roadmap=ml_roadmap, slug="step-3")
    mark = reverse("progress:mark_step", args=[ml_roadmap.slug, step.slug])
    response = csrf_client.post(mark, {"status": "done", "csrfmiddlewaretoken": tokens[1].pop()})
    assert response.status_code == 302


def test_a_visitor_with_progress_gets_their_own_page_compressed_per_response(
    csrf_client, ml_roadmap
):
    url = ml_roadmap.get_absolute_url()
    token = TOKEN_RE.search(csrf_client.get(url).content.decode()).group(1)
    step = Step.objects.get(roadmap=ml_roadmap, slug="step-3")
    mark = reverse("progress:mark_step", args=[ml_roadmap.slug, step.slug])
    csrf_client.post(mark, {"status": "done", "csrfmiddlewaretoken": token})
    response = csrf_client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "1 of 6 steps done" in gzip.decompress(response.content).decode()
