"""Keyboard only: a skip link first, every control reachable with Tab, focus always visible,
and a step marked with Space and Enter on its "Done" button."""

import re

from playwright.sync_api import expect

from .helpers import expect_progress, step_status_group

ML_URL = "/roadmaps/machine-learning-engineer/"

# Everything a keyboard user can reach: tag each visible, enabled one with its DOM order.
TAG_FOCUSABLES = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])';
  const found = [];
  document.querySelectorAll(selector).forEach((el) => {
    const style = getComputedStyle(el);
    const shown = el.getClientRects().length > 0 && style.visibility !== 'hidden';
    if (!shown || el.disabled || el.closest('[inert], [aria-hidden=true]')) return;
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') return;
    el.dataset.kb = String(found.length);
    found.push(el.outerHTML.slice(0, 120));
  });
  return found;
}"""

# What has focus now, and whether a sighted keyboard user can see where it is.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  return {
    kb: el.dataset.kb ?? null,
    id: el.id,
    html: el.outerHTML.slice(0, 120),
    visible: outline || shadow,
    ring: `outline ${style.outlineStyle} ${style.outlineWidth}; box-shadow ${style.boxShadow}`,
  };
}"""


def _tab_to(page, predicate, seen, limit=400):
    """Press Tab until `predicate(focused)` holds, adding each focused control to `seen`.

    Every control passed on the way must show where focus is.
    """
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused is not None, "Tab left the page's controls"
        assert focused["visible"], f"no visible focus on {focused['html']} ({focused['ring']})"
        seen.add(focused["kb"])
        if predicate(focused):
            return focused
    raise AssertionError("the control was not reached with Tab")


def _kb_ids(page, selector):
    return page.evaluate(
        "(sel) => [...document.querySelectorAll(sel)].map((el) => el.dataset.kb)", selector
    )


def test_skip_link_then_every_control_by_keyboard_with_visible_focus(page, ml_roadmap):
    steps = list(ml_roadmap.steps.active())
    page.goto(ML_URL)
    controls = page.evaluate(TAG_FOCUSABLES)
    seen = set()
    focus_lost = []

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert page.evaluate(FOCUSED)["visible"], "the skip link shows no focus ring"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main#main")).to_be_focused()

    for step, key in ((steps[0], "Space"), (steps[1], "Enter")):
        done = step_status_group(page, step).get_by_role("button", name="Done")
        kb = done.get_attribute("data-kb")
        _tab_to(page, lambda f, kb=kb: f["kb"] == kb, seen)
        page.keyboard.press(key)
        expect(done).to_have_attribute("aria-pressed", "true")
        expect(done).to_be_enabled()  # the in-place update has finished
        # The learner should keep their place: focus stays on the button they pressed.
        if not done.evaluate("(el) => el === document.activeElement"):
            focus_lost.append(step.title)
            done.focus()  # carry on from where the learner was, to check the rest
    expect_progress(page, done=2, total=len(steps))

    # On to the last control of the page, then, after a reload, through the header to <main>.
    last = str(len(controls) - 1)
    _tab_to(page, lambda f: f["kb"] == last, seen)
    first_in_main = _kb_ids(page, "#main [data-kb]")[0]
    after_header = [kb for kb in _kb_ids(page, "[data-kb]") if int(kb) >= int(first_in_main)]
    missed = [controls[int(kb)] for kb in after_header if kb not in seen]
    page.reload()
    # Once started, the introduction folds into "About this roadmap": one more control.
    before, controls = len(controls), page.evaluate(TAG_FOCUSABLES)
    assert len(controls) == before + 1
    expect(page.locator("[data-roadmap-about] > summary")).to_have_text("About this roadmap")
    first_in_main = _kb_ids(page, "#main [data-kb]")[0]
    seen = set()
    _tab_to(page, lambda f: f["kb"] == first_in_main, seen)
    header = [str(kb) for kb in range(int(first_in_main))]  # the footer was checked before
    missed += [controls[int(kb)] for kb in header if kb not in seen]
    assert not missed, "not reachable with Tab:\n" + "\n".join(missed)
    expect_progress(page, done=2, total=len(steps))
    # Marking a step must leave focus on the pressed button (keyboard users keep their place).
    assert not focus_lost, f"focus lost after marking with the keyboard: {focus_lost}"
