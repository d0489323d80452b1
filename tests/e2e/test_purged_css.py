"""The purged Bootstrap draws the pages exactly as the full one does.

On each page (and state: form errors, the shortcuts dialog, the phone menu) every element's
computed style (what Bootstrap's rules set), with its ::before and ::after, is read with the
stylesheet the site links, `bootstrap.purged.min.css`; then the full `bootstrap.min.css` takes
its place and it is read again. Nothing may change: a rule the purge dropped that a page needed
would. (Pixels were compared first: they agreed on every page but for anti-aliasing noise.)
"""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, new_context, save_artifact
from .helpers import main_nav, sign_in_as

ML_URL = "/roadmaps/machine-learning-engineer/"

FULL = "/static/vendor/bootstrap/bootstrap.min.css"
# What Bootstrap's rules set, for every element and, where it has classes, its ::before and
# ::after: one string per element and pseudo-element.
PROPERTIES = [
    "display",
    "position",
    "top",
    "left",
    "z-index",
    "float",
    "box-sizing",
    "width",
    "height",
    "min-height",
    "max-width",
    "margin-top",
    "margin-right",
    "margin-bottom",
    "margin-left",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "border-top-width",
    "border-right-width",
    "border-bottom-width",
    "border-left-width",
    "border-top-style",
    "border-top-color",
    "border-bottom-color",
    "border-top-left-radius",
    "border-bottom-right-radius",
    "color",
    "background-color",
    "background-image",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "line-height",
    "text-align",
    "text-decoration-line",
    "white-space",
    "vertical-align",
    "visibility",
    "overflow-x",
    "flex-direction",
    "flex-wrap",
    "flex-grow",
    "justify-content",
    "align-items",
    "gap",
    "grid-template-columns",
    "box-shadow",
    "outline-style",
    "list-style-type",
    "content",
    "transform",
    "cursor",
    "clip",
]
STYLES = """(properties) => {
  const out = [];
  document.querySelectorAll("*").forEach((el, index) => {
    const pseudos = el.classList.length ? [null, "::before", "::after"] : [null];
    for (const pseudo of pseudos) {
      const style = getComputedStyle(el, pseudo);
      const values = properties.map((name) => style.getPropertyValue(name));
      out.push(index + " " + el.tagName + (el.id ? "#" + el.id : "") + " ." +
        [...el.classList].join(".") + (pseudo || "") + " {" + values.join(";") + "}");
    }
  });
  return out;
}"""
SWAP = """(full) => new Promise((resolve, reject) => {
  const link = document.querySelector('link[href*="bootstrap.purged"]');
  if (!link) { reject(new Error("the page links no purged Bootstrap")); return; }
  const next = link.cloneNode();
  next.href = full;
  next.onload = () => { link.remove(); requestAnimationFrame(() => resolve()); };
  next.onerror = () => reject(new Error("the full Bootstrap did not load"));
  link.after(next);
})"""


def differences_with_full_bootstrap(page, label):
    """The elements whose computed style changes when the full Bootstrap replaces the purged one
    (a few, with the page's label), or []."""
    purged = page.evaluate(STYLES, PROPERTIES)
    page.evaluate(SWAP, FULL)
    full = page.evaluate(STYLES, PROPERTIES)
    if len(purged) != len(full):
        return [f"{label}: {len(purged)} elements, then {len(full)}"]
    return [f"{label}: {a[:300]}" for a, b in zip(purged, full, strict=True) if a != b][:5]


def submit_without_checks(page, button):
    """Send a form as it is, past the browser's own required-field checks."""
    page.evaluate("document.querySelectorAll('form').forEach((f) => { f.noValidate = true; })")
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()
    expect(page.locator(".is-invalid").first).to_be_visible()


@pytest.mark.parametrize("device, scheme", [("desktop", "light"), ("phone", "dark")])
def test_the_purged_bootstrap_draws_every_page_as_the_full_one(
    request,
    browser,
    live_server,
    learner_with_history,
    device,
    scheme,
):
    learner, attempt = learner_with_history
    options = DESKTOP if device == "desktop" else PHONE
    context = new_context(browser, live_server, **options, color_scheme=scheme)
    page = context.new_page()
    page.emulate_media(reduced_motion="reduce")
    differ = []

    def check(label, url=None, then=None):
        if url:
            page.goto(url)
        if then:
            then()
        differ.extend(differences_with_full_bootstrap(page, label))

    try:
        check("home", "/")
        check("roadmap, signed out", ML_URL)
        check("log in", "/accounts/login/")
        check(
            "sign-up errors",
            "/accounts/signup/",
            lambda: submit_without_checks(page, "Create account"),
        )
        check("404", "/no-such-page/")
        if device == "phone":
            check("phone menu", "/", lambda: expect(main_nav(page)).to_be_visible())
        sign_in_as(context, live_server, learner)
        check("roadmap, signed in", ML_URL)
        if device == "desktop":  # the keyboard shortcuts' help
            check(
                "shortcuts help",
                ML_URL,
                lambda: (
                    page.keyboard.press("?"),
                    expect(page.get_by_role("dialog")).to_be_visible(),
                ),
            )
        check(
            "quiz errors", f"{ML_URL}quiz/", lambda: submit_without_checks(page, "Submit answers")
        )
        check("review", attempt.get_absolute_url())
        check("dashboard", "/dashboard/")
        check("settings", "/accounts/settings/")
        noted = learner.step_progress.exclude(note="").first().step
        check("notes", f"{ML_URL}steps/{noted.slug}/notes/")
    finally:
        save_artifact(page, request.node.name)
        context.close()
    assert differ == []
