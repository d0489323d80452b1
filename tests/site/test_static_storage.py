"""Static files as sent (`roadmap_site.storage`): our CSS and JavaScript minified, hashed and
compressed, nothing of what they do lost."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import tinycss2
from django.core.management import call_command
from django.test import override_settings

from roadmap_site.storage import minified

STATIC = Path(__file__).resolve().parents[2] / "static"
OUR_CSS = sorted((STATIC / "css").glob("*.css"))
OUR_JS = sorted((STATIC / "js").glob("*.js"))


def squeezed(tokens):
    """Serialized tokens without whitespace around punctuation (`a, b` reads as `a,b`)."""
    text = " ".join(tinycss2.serialize(tokens).split())
    return re.sub(r"\s*([,>+~:;(){}])\s*", r"\1", text)


def rules(css):
    """Each rule as (selector, declarations), whitespace and comments aside."""
    found = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        prelude = [squeezed(rule.prelude)]
        if rule.content is None:
            found.append((" ".join(prelude), None))
            continue
        inner = tinycss2.serialize(rule.content)
        if rule.type == "at-rule" and "{" in inner:
            found.append((" ".join(prelude), rules(inner)))
        else:
            declarations = tinycss2.parse_blocks_contents(rule.content, skip_comments=True)
            found.append(
                (
                    " ".join(prelude),
                    [
                        (d.lower_name, squeezed(d.value), d.important)
                        for d in declarations
                        if d.type == "declaration"
                    ],
                )
            )
    return found


@pytest.mark.parametrize("path", OUR_CSS, ids=lambda p: p.name)
def test_minified_css_keeps_every_rule_and_declaration(path):
    source = path.read_text()
    small = minified(f"css/{path.name}", source)
    assert len(small) < len(source)
    assert rules(small) == rules(source)


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
@pytest.mark.parametrize("path", OUR_JS, ids=lambda p: p.name)
def test_minified_javascript_is_still_valid(path, tmp_path):
    source = path.read_text()
    small = minified(f"js/{path.name}", source)
    assert len(small) < len(source)
    out = tmp_path / path.name
    out.write_text(small)
    check = subprocess.run(["node", "--check", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_vendored_and_admin_files_are_left_as_they_are():
    css = "a  {  color : red }  /* kept */"
    assert minified("vendor/bootstrap/bootstrap.purged.min.css", css) == css
    assert minified("admin/css/base.css", css) == css
    assert minified("css/site.min.css", css) == css


def test_collectstatic_writes_minified_hashed_and_compressed_files(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "roadmap_site.storage.MinifiedStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    source = (STATIC / "css" / "site.css").read_text()
    hashed = [p for p in (tmp_path / "css").glob("site.*.css") if p.suffix == ".css"]
    assert len(hashed) == 1
    sent = hashed[0].read_text()  # minified, its url()s pointing at hashed names
    assert "/*" not in sent and "\n  " not in sent and len(sent) < 0.85 * len(source)
    assert len(rules(sent)) == len(rules(source))
    for suffix in (".gz", ".br"):
        compressed = hashed[0].with_name(hashed[0].name + suffix)
        assert 0 < compressed.stat().st_size < len(hashed[0].read_bytes()) / 3
