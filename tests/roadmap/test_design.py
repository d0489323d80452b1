"""What the site's pages look like to a reader: the salary chart, the layout, the error pages.

Also the front-end rules the Content-Security-Policy imposes: no inline script, no style attribute,
Bootstrap served from the site itself.
"""

import html
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.urls import reverse

from roadmap.models import Roadmap, SalaryFigure
from roadmap.templatetags.roadmap_extras import salary_chart, usd
from tests.factories import RoadmapFactory, SourceFactory, StepFactory, cite

BAR = re.compile(r'<g class="salary-bar[^"]*"[^>]*data-salary-bar[^>]*>(.*?)</g>', re.S)
FILL_WIDTH = re.compile(r'<rect class="salary-fill"[^>]*\swidth="([\d.]+)%"')
ROLE = re.compile(r'<text class="salary-role"[^>]*>([^<]*)</text>')
AMOUNT = re.compile(r'<text class="salary-amount[^"]*"[^>]*>([^<]*)</text>')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def chart_bars(text):
    """(role, amount, width percent) for each bar of the salary chart, in page order."""
    bars = []
    for body in BAR.findall(text):
        bars.append(
            (
                html.unescape(ROLE.search(body).group(1)),
                AMOUNT.search(body).group(1),
                float(FILL_WIDTH.search(body).group(1)),
            )
        )
    return bars


def add_figure(roadmap, role, amount, position, **extra):
    return SalaryFigure.objects.create(
        roadmap=roadmap,
        role=role,
        median_annual_usd=amount,
        reference_period="May 2024",
        position=position,
        **extra,
    )


@pytest.fixture
def salary_roadmap(db):
    roadmap = RoadmapFactory(slug="salaries", title="Salaries")
    add_figure(roadmap, "Top earner", 200_000, 0, is_highlighted=True)
    add_figure(roadmap, "Half as much", 100_000, 1)
    add_figure(roadmap, "A quarter", 50_000, 2)
    add_figure(roadmap, "Odd amount", 153_252, 3)
    return roadmap


def test_bars_are_proportional_to_the_largest_figure(client, salary_roadmap):
    text = client.get(salary_roadmap.get_absolute_url()).content.decode()
    bars = chart_bars(text)
    assert [(role, width) for role, _, width in bars] == [
        ("Top earner", 100.0),
        ("Half as much", 50.0),
        ("A quarter", 25.0),
        ("Odd amount", 76.63),  # 153,252 / 200,000, to two decimals
    ]


def test_each_bar_is_labelled_with_its_role_and_dollar_amount(client, salary_roadmap):
    text = client.get(salary_roadmap.get_absolute_url()).content.decode()
    assert [(role, amount) for role, amount, _ in chart_bars(text)] == [
        ("Top earner", "$200,000"),
        ("Half as much", "$100,000"),
        ("A quarter", "$50,000"),
        ("Odd amount", "$153,252"),
    ]


def test_the_highlighted_figure_is_drawn_in_the_accent_colour(client, salary_roadmap):
    text = client.get(salary_roadmap.get_absolute_url()).content.decode()
    classes = re.findall(r'<g class="(salary-bar[^"]*)"', text)
    assert classes == ["salary-bar is-highlighted", "salary-bar", "salary-bar", "salary-bar"]


def test_real_chart_shows_the_ml_engineer_median_as_the_full_bar(client, ml_roadmap):
    text = client.get(ml_roadmap.get_absolute_url()).content.decode()
    bars = chart_bars(text)
    assert len(bars) == ml_roadmap.salary_figures.count() >= 2
    assert ("Machine learning engineer", "$153,252", 100.0) in bars
    largest = max(f.median_annual_usd for f in ml_roadmap.salary_figures.all())
    for role, _, width in bars:
        figure = ml_roadmap.salary_figures.get(role=role)
        assert width == pytest.approx(figure.median_annual_usd / largest * 100, abs=0.01)


def test_chart_layout_tag_handles_edge_cases():
    class Figure:
        def __init__(self, amount):
            self.median_annual_usd = amount

    chart = salary_chart([Figure(80), Figure(40), Figure(0)])
    assert [bar.width for bar in chart.bars] == ["100", "50", "0"]
    assert [bar.amount for bar in chart.bars] == ["$80", "$40", "$0"]
    # A short bar cannot hold its amount: the amount goes after the bar instead.
    assert [bar.amount_inside for bar in chart.bars] == [True, True, False]
    assert salary_chart([]).bars == []
    assert salary_chart([Figure(0)]).bars[0].width == "0"  # no division by zero
    assert usd(153252) == "$153,252"
    assert usd("n/a") == "n/a"


def test_chart_is_an_image_with_a_title_and_a_data_table_alternative(client, ml_roadmap):
    text = client.get(ml_roadmap.get_absolute_url()).content.decode()
    svg = re.search(r"<svg class=\"salary-chart\"[^>]*>", text).group(0)
    assert 'role="img"' in svg
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
    assert labelled_by == ["salary-chart-title", "salary-chart-desc"]
    assert '<title id="salary-chart-title">' in text
    desc = re.search(r'<desc id="salary-chart-desc">(.*?)</desc>', text, re.S).group(1)
    assert "Machine learning engineer: $153,252" in html.unescape(desc)

    table = re.search(r'<table class="table salary-table">(.*?)</table>', text, re.S).group(1)
    assert "<caption>" in table
    headers = [html.unescape(h) for h in re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', table)]
    assert headers == ["Role", "Median (USD)", "Period", "Source"]
    for figure in ml_roadmap.salary_figures.all():
        row = re.search(
            r'<th scope="row"[^>]*>' + re.escape(html.escape(figure.role)) + r"</th>(.*?)</tr>",
            table,
            re.S,
        )
        assert row, f"no table row for {figure.role}"
        assert usd(figure.median_annual_usd) in row.group(1)
        assert html.escape(figure.reference_period) in row.group(1)
        assert 'class="fn-marker"' in row.group(1)  # its source marker sits next to it


def test_sources_list_links_back_to_every_citation(client, ml_roadmap):
    text = client.get(ml_roadmap.get_absolute_url()).content.decode()
    first = re.search(r'<li id="fn-1" class="sources-item">(.*?)</li>', text, re.S).group(1)
    backrefs = re.findall(r'<a href="#(fn-1-ref-\d+)"[^>]*aria-label="([^"]+)">([^<]+)</a>', first)
    assert [(ref, label) for ref, _, label in backrefs] == [
        ("fn-1-ref-1", "↩"),
        ("fn-1-ref-2", "↩2"),
        ("fn-1-ref-3", "↩3"),
    ]
    assert all(aria.startswith("Back to citation 1") for _, aria, _ in backrefs)
    for ref, _, _ in backrefs:
        assert f'id="{ref}"' in text


def test_markers_name_their_source(client, db):
    roadmap = RoadmapFactory(slug="marked")
    step = StepFactory(roadmap=roadmap, title="Learn Python", start_month=1, end_month=2)
    cite(step, SourceFactory(title="Python tutorial"))
    text = client.get(roadmap.get_absolute_url()).content.decode()
    assert (
        '<sup class="fn-marker"><a id="fn-1-ref-1" href="#fn-1" '
        'aria-label="Source 1: Python tutorial">[1]</a></sup>'
    ) in text


def test_steps_show_their_number_months_and_own_anchor(client, ml_roadmap):
    text = html.unescape(client.get(ml_roadmap.get_absolute_url()).content.decode())
    for number, step in enumerate(ml_roadmap.steps.active(), start=1):
        article = re.search(rf'<article id="{step.slug}"[^>]*>(.*?)</article>', text, re.S)
        assert article, step.slug
        body = article.group(1)
        assert f"Step {number}<" in body
        months = (
            f"Month {step.start_month}"
            if step.start_month == step.end_month
            else f"Months {step.start_month}–{step.end_month}"
        )
        assert months in body
        assert f'href="#{step.slug}"' in body


def test_page_title_and_description_come_from_the_roadmap(client, ml_roadmap):
    text = html.unescape(client.get(ml_roadmap.get_absolute_url()).content.decode())
    assert re.search(r"<title>\s*" + re.escape(ml_roadmap.title), text)
    description = re.search(r'<meta name="description" content="([^"]*)">', text).group(1)
    assert description and description[:40] == ml_roadmap.summary[:40]


def test_unknown_roadmap_is_a_404_in_the_site_layout(client, content):
    response = client.get("/roadmaps/no-such-roadmap/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Roadmap Atlas" in text
    assert '<nav class="navbar' in text
    assert '<main id="main"' in text
    assert "/static/vendor/bootstrap/bootstrap.purged.min.css" in text
    assert f'href="{reverse("roadmap:home")}"' in text  # a way back to the roadmaps


def test_500_page_renders_with_no_context_at_all():
    text = get_template("500.html").render()
    assert "Something went wrong" in text
    assert "/static/css/site.css" in text
    assert "{%" not in text and "{{" not in text


def test_503_page_says_it_is_temporarily_unavailable():
    text = render_to_string("503.html", {"request": None})
    assert "Temporarily unavailable" in text
    assert "retry" in text.lower()
    assert 'data-retry-after="' in text


ERROR_PAGES = ("400.html", "403.html", "403_csrf.html", "404.html", "500.html", "503.html")


@pytest.mark.parametrize("name", ERROR_PAGES)
def test_every_error_page_extends_the_one_error_base(name):
    assert get_template(name).template.nodelist[0].parent_name.var == "error_base.html"


@pytest.mark.parametrize("name", ["500.html", "503.html"])
def test_pages_without_a_request_show_the_header_brand_but_no_menu(name):
    text = render_to_string(name, {"request": None})  # no db fixture: a query would fail
    assert '<header class="site-header">' in text and "Roadmap Atlas" in text
    assert 'href="/"' in text
    assert "Log in" not in text and "navbar-toggler" not in text


def test_error_pages_with_a_request_keep_the_site_menu(client, content, learner):
    client.force_login(learner)
    text = client.get("/roadmaps/no-such-roadmap/").content.decode()
    assert "Error 404" in text and "Log out" in text
    assert f'href="{reverse("progress:dashboard")}"' in text


def _pages(client, roadmap):
    return {
        "home": client.get(reverse("roadmap:home")),
        "detail": client.get(roadmap.get_absolute_url()),
        "404": client.get("/roadmaps/no-such-roadmap/"),
    }


@pytest.mark.parametrize("signed_in", [False, True])
def test_no_page_has_inline_script_or_style(client, ml_roadmap, learner, signed_in):
    if signed_in:
        client.force_login(learner)
    for name, response in _pages(client, ml_roadmap).items():
        text = response.content.decode()
        assert "<script" in text, name  # the check below looks at real pages with scripts
        assert not INLINE_SCRIPT.findall(text), name
        assert not STYLE_ATTRIBUTE.findall(text), name
        assert "<style" not in text.lower(), name


def test_base_loads_vendored_bootstrap_and_the_theme_script(client, content):
    text = client.get(reverse("roadmap:home")).content.decode()
    head = text.split("</head>")[0]
    assert (
        '<link rel="stylesheet" href="/static/vendor/bootstrap/bootstrap.purged.min.css">' in head
    )
    assert head.index("bootstrap.purged.min.css") < head.index("/static/css/site.css")
    # theme.js runs before the first paint (no defer/async), so no flash of the wrong theme.
    assert '<script src="/static/js/theme.js"></script>' in head
    # Bootstrap's JavaScript is not shipped: nav.js is the navbar toggle, the only part used.
    assert '<script src="/static/js/nav.js" defer></script>' in text
    assert "bootstrap.bundle" not in text
    for path in (
        "vendor/bootstrap/bootstrap.purged.min.css",
        "js/nav.js",
        "vendor/bootstrap/LICENSE",
        "css/site.css",
        "js/theme.js",
    ):
        assert finders.find(path), path
    external = re.findall(r'(?:src|href)="(https?:)?//[^"]*\.(?:css|js)[^"]*"', text)
    assert not external


def test_navigation_for_visitors_and_learners(client, content, learner):
    text = client.get(reverse("roadmap:home")).content.decode()
    assert f'href="{reverse("accounts:login")}"' in text
    assert f'href="{reverse("accounts:signup")}"' in text
    assert "Log out" not in text

    client.force_login(learner)
    text = client.get(reverse("roadmap:home")).content.decode()
    assert f'href="{reverse("progress:dashboard")}"' in text
    assert f'href="{reverse("accounts:settings")}"' in text
    logout = re.search(
        r'<form method="post" action="' + reverse("accounts:logout") + r'"[^>]*>(.*?)</form>',
        text,
        re.S,
    )
    assert logout and 'name="csrfmiddlewaretoken"' in logout.group(1)
    assert f'href="{reverse("accounts:login")}"' not in text


def test_messages_are_announced_as_status(client, content, learner):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.session = client.session
    request.user = learner
    storage = FallbackStorage(request)
    storage.add(constants.SUCCESS, "Saved your plan.")
    request._messages = storage
    text = render_to_string("roadmap/home.html", {"roadmaps": []}, request=request)
    assert '<div class="alert alert-success" role="status">Saved your plan.</div>' in text


def test_home_cards_show_title_summary_duration_and_step_count(client, db):
    roadmap = RoadmapFactory(title="Data engineer", summary="Pipelines.", duration_label="9 months")
    for _ in range(3):
        StepFactory(roadmap=roadmap)
    StepFactory(roadmap=roadmap, is_archived=True)
    text = html.unescape(client.get(reverse("roadmap:home")).content.decode())
    card = re.search(r'<article class="card roadmap-card[^"]*">(.*?)</article>', text, re.S)
    body = card.group(1)
    assert f'href="{roadmap.get_absolute_url()}"' in body
    for shown in ("Data engineer", "Pipelines.", "9 months", "3 steps"):
        assert shown in body


@pytest.mark.django_db
def test_home_query_count_is_the_same_with_6_and_60_roadmaps(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def publish(count):
        Roadmap.objects.all().delete()
        for _ in range(count):
            StepFactory(roadmap=RoadmapFactory())

    publish(6)
    client.get(reverse("roadmap:home"))
    with CaptureQueriesContext(connection) as six:
        text = client.get(reverse("roadmap:home")).content.decode()
    assert text.count('class="card roadmap-card') == 6
    publish(60)
    with django_assert_num_queries(len(six)):
        text = client.get(reverse("roadmap:home")).content.decode()
    assert text.count('class="card roadmap-card') == 60


def test_the_page_scripts_share_one_announce(client, ml_roadmap):
    """progress.js and shortcuts.js speak through static/js/announce.js, loaded before them."""
    text = client.get(ml_roadmap.get_absolute_url()).content.decode()
    scripts = re.findall(r'<script src="/static/js/([a-z]+)\.js" defer>', text)
    assert scripts.index("announce") < scripts.index("progress") < scripts.index("shortcuts")
    assert finders.find("js/announce.js")
    for name in ("progress", "shortcuts"):
        source = Path(finders.find(f"js/{name}.js")).read_text(encoding="utf-8")
        assert "RoadmapAtlas.announce(" in source and "textContent = text" not in source
