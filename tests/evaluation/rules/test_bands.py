"""The bands (evaluation/bands.py): limits, translatable names and their lesson-link rules."""

from django.utils import translation

from evaluation.bands import BANDS, BY_SLUG, band_for
from knowledge.constants import LessonKind


def test_every_band_has_a_link_rule_and_every_rule_a_band():
    assert list(BY_SLUG) == [band.slug for band in BANDS]
    for band in BANDS:
        assert band.lessons.limit > 0
        assert band.lessons.kinds
        assert set(band.lessons.kinds) <= set(LessonKind.values)


def test_weaker_bands_get_at_least_as_many_lessons():
    limits = [band.lessons.limit for band in BANDS]
    assert limits == sorted(limits, reverse=True)


def test_bands_are_ordered_from_low_to_high_and_start_at_zero():
    lowers = [band.lower for band in BANDS]
    assert lowers[0] == 0
    assert lowers == sorted(lowers)
    assert [band_for(lower).slug for lower in lowers] == [band.slug for band in BANDS]


def test_band_names_and_explanations_are_translated():
    with translation.override("en"):
        assert [str(band.label) for band in BANDS] == [
            "Bottleneck",
            "Point of attention",
            "On the way",
            "Strong",
        ]
        assert all(str(band.explanation).isascii() for band in BANDS)
    with translation.override("nl"):
        assert str(BY_SLUG["knelpunt"].label) == "Knelpunt"
