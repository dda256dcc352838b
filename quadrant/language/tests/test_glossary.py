"""The glossary page, its terms explained where they appear, and the guiding-questions tag."""

import pytest
from django.template import Context, Template

from quadrant.language.models import GlossaryTerm

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load language %}" + source).render(Context(context))


def test_everyone_signed_in_reads_the_glossary(client_for):
    response = client_for("partner").get("/language/glossary/")
    assert response.status_code == 200
    assert 'id="term-pdsa"' in response.content.decode()
    assert "Add a term" not in response.content.decode()


def test_quality_lead_adds_a_term_and_a_duplicate_is_refused(client_for):
    client = client_for("quality")
    client.post("/language/glossary/", {"term": "Golden thread", "definition": "The link."})
    assert GlossaryTerm.objects.filter(term="Golden thread").exists()
    again = client.post("/language/glossary/", {"term": "golden THREAD", "definition": "x"})
    assert again.status_code == 400
    assert "already explains" in again.content.decode()


def test_staff_cannot_add_a_term(client_for):
    response = client_for("staff").post("/language/glossary/", {"term": "X", "definition": "Y"})
    assert response.status_code == 403


def test_filter_explains_first_use_accessibly_and_escapes(settings):
    html = render("{{ text|glossary }}", text="Our PDSA plan <b>and</b> a pdsa driver diagram.")
    assert html.count('class="app-term"') == 2  # PDSA once, driver diagram once
    assert '<abbr title="Plan, Do, Study, Act' in html
    assert 'href="/language/glossary/#term-driver-diagram"' in html
    assert "&lt;b&gt;and&lt;/b&gt;" in html
    assert "<script" not in html


def test_filter_leaves_parts_of_words_alone():
    html = render("{{ text|glossary }}", text="Fragrant SPCs")
    assert "app-term" not in html


def test_guiding_questions_tag_shows_the_components_questions():
    html = render('{% guiding_questions "planning" %}')
    assert "What do we need to do well?" in html
    assert "How do we know we are doing it well?" not in html
