"""Which rounds the gemeente pages read: each team's latest ended round and its running one,
by half-year period, with the response rate.

Only rounds that have ended give scores (evaluation/disclosure.py): a running round appears
with its count and response rate only, marked *voorlopig*, and never in a mean, a trend or the
national picture.
"""

from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..aggregates import statement_level_shown
from ..disclosure import policy
from ..models import (
    Gemeente,
    Round,
    RoundAggregate,
    Team,
)
from ..models.rounds import RoundEndedOn, enough
from ..parsing import whole_number

# Which rounds an export lists: only those that have ended (the default), or also the running
# ones, with their count and response rate but never a score.
ROUNDS_FINISHED = "afgesloten"


ROUNDS_WITH_RUNNING = "ook-lopend"


ROUND_SCOPES = (
    (ROUNDS_FINISHED, gettext_lazy("Alleen afgesloten rondes (standaard)")),
    (ROUNDS_WITH_RUNNING, gettext_lazy("Ook lopende rondes (alleen aantallen)")),
)


def participation_warning() -> float:
    """Below this response rate a round is flagged as less representative (a setting; not a
    disclosure rule, so it is read here and not in evaluation/disclosure.py)."""
    return settings.PARTICIPATION_WARNING


def response_rate(submitted: int, size: int | None) -> float | None:
    """Submitted scans as a share of the team's members; None when the size is unknown."""
    if not size:
        return None
    return submitted / size


def period_key(day: date) -> str:
    return f"{day.year}-{1 if day.month <= 6 else 2}"


def period_label(key: str) -> str:
    year, half = key.split("-")
    return (
        _("voorjaar %(year)s") % {"year": year}
        if half == "1"
        else _("najaar %(year)s") % {"year": year}
    )


def period_bounds(key: str) -> tuple[date, date]:
    """First and last day of a period key such as '2026-1'; ValueError when malformed."""
    year_text, half = key.split("-")
    year = whole_number(year_text)
    if half not in ("1", "2") or year is None or not 2000 <= year <= 2100:
        raise ValueError(key)
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == "1"
        else (date(year, 7, 1), date(year, 12, 31))
    )


def gemeente_teams(gemeente: Gemeente, kind: str | None = None) -> QuerySet[Team]:
    teams = Team.objects.filter(gemeente=gemeente).order_by("name")
    return teams.filter(kind=kind) if kind else teams


def in_period[Rounds: QuerySet[Round]](rounds: Rounds, period: str | None) -> Rounds:
    if period:
        start, end = period_bounds(period)
        rounds = rounds.filter(opens_on__range=(start, end))
    return rounds


def latest_rounds(teams: QuerySet[Team], period: str | None = None) -> dict[int, RoundEndedOn]:
    """Each team's most recent round that has ended, by the day it actually ended (a round
    closed early counts from the day it was closed), within the period when given."""
    rounds = in_period(
        Round.objects.filter(team__in=teams)
        .finished()
        .select_related("questionnaire")
        .with_ended_on(),
        period,
    )
    latest: dict[int, RoundEndedOn] = {}
    for round_ in rounds.order_by("team_id", "-ended_on", "-pk"):
        latest.setdefault(round_.team_id, round_)
    return latest


def running_rounds(teams: QuerySet[Team], period: str | None = None) -> dict[int, Round]:
    """Each team's round that is running now (opened, not ended), within the period when
    given. Only its count may be shown."""
    today = timezone.localdate()
    rounds = in_period(
        Round.objects.running(today).filter(team__in=teams),
        period,
    )
    running: dict[int, Round] = {}
    for round_ in rounds.order_by("team_id", "-opens_on", "-pk"):
        running.setdefault(round_.team_id, round_)
    return running


def aggregates_of(round_ids) -> dict[tuple[int, int], RoundAggregate]:
    return {
        (row.round_id, row.condition_id): row
        for row in RoundAggregate.objects.filter(round_id__in=round_ids)
    }


def available_periods(gemeente: Gemeente) -> list[tuple[str, str]]:
    days = Round.objects.filter(team__gemeente=gemeente).values_list("opens_on", flat=True)
    keys = sorted({period_key(day) for day in days}, reverse=True)
    return [(key, period_label(key)) for key in keys]


def reportable_rounds(teams: list[Team], period: str | None) -> dict[int, Round]:
    """Each team's latest round that has ended and passes the round thresholds."""
    rounds = latest_rounds(Team.objects.filter(pk__in=[t.pk for t in teams]), period)
    return {team_id: round_ for team_id, round_ in rounds.items() if round_.disclosure().reportable}


def condition_shown(rounds: dict[int, Round]) -> set[tuple[int, int]]:
    """(round id, condition id) pairs whose statements may be shown: the condition score
    passes the threshold, and no small group of roles asked other statements can be singled
    out (Policy.statements_shown)."""
    rules = policy()
    return set(
        RoundAggregate.objects.filter(
            enough(rules.minimum), round_id__in=[r.pk for r in rounds.values()]
        ).values_list("round_id", "condition_id")
    ) & statement_level_shown(rounds.values())
