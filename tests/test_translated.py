"""The one rule for content kept in Dutch and English (iww/translated.py)."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from iww.translated import Dutch, translated

THING = SimpleNamespace(text="Ons team heeft geld.", text_en="Our team has money.", empty="")


def test_dutch_readers_get_the_dutch_field():
    assert translated(THING, "text", "nl") == "Ons team heeft geld."


def test_other_readers_get_the_english_field():
    assert translated(THING, "text", "en") == "Our team has money."


def test_without_an_english_text_the_dutch_one_is_marked():
    thing = SimpleNamespace(text="Ons team heeft geld.", text_en="")
    shown = translated(thing, "text", "en")
    assert isinstance(shown, Dutch)
    assert shown == "Ons team heeft geld."
    html = Template("<p>{{ shown }}</p>").render(Context({"shown": shown}))
    assert html == '<p><span lang="nl">Ons team heeft geld.</span></p>'


def test_the_mark_escapes_the_text_and_attributes_can_strip_it():
    shown = Dutch("<b>Ons & jullie</b>")
    html = Template('<p title="{{ shown|striptags }}">{{ shown }}</p>').render(
        Context({"shown": shown})
    )
    assert html == (
        '<p title="Ons &amp; jullie"><span lang="nl">&lt;b&gt;Ons &amp; jullie&lt;/b&gt;</span></p>'
    )


def test_an_empty_field_stays_empty():
    assert translated(THING, "empty", "en") == ""


def test_the_language_is_the_active_one_by_default():
    with translation.override("en"):
        assert translated(THING, "text") == "Our team has money."
    with translation.override("nl"):
        assert translated(THING, "text") == "Ons team heeft geld."
