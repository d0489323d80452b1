"""axe-core (WCAG 2.0/2.1 A and AA rules) finds nothing on the site's pages, in both themes.

axe is a test asset (tests/e2e/assets/axe-core/, from its npm package), injected by Playwright.
The site's CSP (script-src 'self') refuses injected scripts, so axe runs in a context that
bypasses CSP; the CSP itself is tested elsewhere (tests/site/test_security_headers.py).
"""

import pytest
from playwright.sync_api import expect

from .conftest import AXE_JS, DESKTOP, new_context, save_artifact
from .helpers import sign_in_as

ML_URL = "/roadmaps/machine-learning-engineer/"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary})),
  }));
}"""


def _violations(page, url, check):
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    check(page)
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(RUN_AXE, WCAG_AA)


def _report(found):
    lines = []
    for label, violations in found.items():
        for v in violations:
            lines.append(f"[{label}] {v['id']} ({v['impact']}): {v['help']}")
            for node in v["nodes"][:8]:
                summary = " ".join(node["summary"].split())[:300]
                lines.append(f"    {node['target']}\n        {summary}")
            if len(v["nodes"]) > 8:
                lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def _has(text):
    return lambda page: expect(page.get_by_text(text).first).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_the_main_pages(
    request, browser, live_server, learner_with_history, scheme
):
    learner, attempt = learner_with_history
    context = new_context(browser, live_server, **DESKTOP, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    found = {}
    try:
        signed_out = [
            ("home", "/", _has("Career roadmaps you can actually follow")),
            ("roadmap, signed out", ML_URL, _has("0 of")),
            ("quiz", f"{ML_URL}quiz/", _has("Submit answers")),
            ("login", "/accounts/login/", _has("Welcome back")),
            ("sign-up", "/accounts/signup/", _has("Create your account")),
        ]
        signed_in = [
            ("roadmap, signed in", ML_URL, _has("2 of")),
            ("review", attempt.get_absolute_url(), _has("Incorrect")),
            ("dashboard", "/dashboard/", _has("Your dashboard")),
            ("settings", "/accounts/settings/", _has("Account settings")),
            ("spaced review", "/review/", _has("Spaced review")),
            (
                "project",
                f"{ML_URL}projects/end-to-end-image-classifier/",
                _has("Done when"),
            ),
            ("delete account", "/accounts/settings/delete/", _has("Delete your account")),
        ]
        for label, url, check in signed_out:
            found[label] = _violations(page, url, check)
        sign_in_as(context, live_server, learner)
        for label, url, check in signed_in:
            found[label] = _violations(page, url, check)
        theme = page.evaluate("document.documentElement.dataset.bsTheme")
        assert theme == scheme, f"the site did not follow the {scheme} system theme"
    finally:
        save_artifact(page, request.node.name)
        context.close()
    found = {label: violations for label, violations in found.items() if violations}
    assert not found, f"axe found violations ({scheme} theme):\n{_report(found)}"
