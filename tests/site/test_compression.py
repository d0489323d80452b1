"""Pages go out compressed with zstd to browsers that accept it, gzip to the others."""

import gzip
import io
import re

import pytest
import zstandard
from django.urls import reverse

from progress.services import mark_step
from roadmap_site.compression import accepts_zstd

pytestmark = pytest.mark.django_db

CHROME = "gzip, deflate, br, zstd"


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def unzstd(data):
    """Every frame of `data` (skippable ones skipped), as a browser's decoder reads it."""
    reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data), read_across_frames=True)
    return reader.read()


@pytest.mark.parametrize(
    "header, expected",
    [
        (CHROME, True),
        ("zstd", True),
        ("br;q=1.0, ZSTD;q=0.5", True),
        ("gzip, zstd;q=0", False),
        ("gzip, deflate, br", False),
        ("", False),
        ("gzip, xzstd", False),
    ],
)
def test_which_browsers_get_zstd(header, expected):
    assert accepts_zstd(header) is expected


def test_a_learners_page_goes_out_as_zstd_and_reads_the_same(learner, learner_client, ml_roadmap):
    # The dashboard: the roadmap page goes out as compressed once (roadmap/precompressed.py).
    mark_step(learner=learner, step=ml_roadmap.steps.first(), status="done")
    url = reverse("progress:dashboard")
    plain = learner_client.get(url)
    response = learner_client.get(url, HTTP_ACCEPT_ENCODING=CHROME)
    assert response["Content-Encoding"] == "zstd"
    assert "Accept-Encoding" in response["Vary"]
    assert int(response["Content-Length"]) == len(response.content)
    assert len(response.content) < len(plain.content) / 4
    assert without_tokens(unzstd(response.content).decode()) == without_tokens(plain.text)


def test_zstd_responses_differ_in_length_from_one_to_the_next(learner_client):
    dashboard = reverse("progress:dashboard")
    lengths = {
        len(learner_client.get(dashboard, HTTP_ACCEPT_ENCODING="zstd").content) for _ in range(8)
    }
    assert len(lengths) > 1  # the random skippable frame in front (BREACH)


def test_browsers_without_zstd_get_gzip_and_json_is_compressed_too(learner_client, ml_roadmap):
    url = ml_roadmap.get_absolute_url()
    response = learner_client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(response.content)
    export = learner_client.get(reverse("accounts:export"), HTTP_ACCEPT_ENCODING=CHROME)
    assert export["Content-Encoding"] == "zstd"
    assert unzstd(export.content).lstrip().startswith(b"{")


def test_short_responses_are_left_as_they_are(client):
    response = client.get(reverse("healthz"), HTTP_ACCEPT_ENCODING=CHROME)
    assert not response.has_header("Content-Encoding")
