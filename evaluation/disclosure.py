"""Privacy: what may be shown. Every disclosure decision lives here, and this is the only module
that reads the threshold settings. Plain data in, decisions out; no ORM. docs/privacy.md explains
the rules.

- A round's results appear only after it has ended, so nobody learns one response by watching
  results change; while it runs, only the count.
- A result (a team's scores, a condition, a statement's distribution, a role) is shown only
  when it rests on at least ``minimum`` responses; the lowest, median and highest score from
  ``range_minimum``; comments from ``comment_minimum``.
- What can be worked out by subtraction is hidden too: a small hidden group next to a shown total,
  a few link responses next to imported ones (the importer knows the rows they typed), and a few
  responses added after a reopening to results that were shown before.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings


def visible_groups(counts: Mapping[str, int], minimum: int) -> set[str]:
    """The groups whose results may be shown, given each group's number of responses."""
    visible = {group for group, n in counts.items() if n >= minimum}
    hidden_total = sum(n for group, n in counts.items() if group not in visible)
    # Hide the smallest visible groups until what is hidden cannot be singled out.
    for group in sorted(visible, key=lambda g: (counts[g], g)):
        if hidden_total == 0 or hidden_total >= minimum:
            break
        visible.discard(group)
        hidden_total += counts[group]
    if 0 < hidden_total < minimum:
        return set()
    return visible


class Audience(StrEnum):
    """Who a round's results are read for. Every read of results names it: comments are the
    team's, and the gemeente reads them only when the team shares them."""

    TEAM = "team"  # the team's coordinator (and the team in its teamgesprek)
    GEMEENTE = "gemeente"  # the gemeente's analysts


class Withheld(StrEnum):
    """Why a round's results are not shown."""

    RUNNING = "loopt"  # results appear after the round has ended
    TOO_FEW = "te-weinig"  # fewer than the minimum submitted
    TOO_FEW_VIA_LINK = "te-weinig-via-link"  # a few link responses beside imported ones
    TOO_FEW_NEW = "te-weinig-nieuw"  # a few added since the results were shown before a reopening


@dataclass(frozen=True)
class RoundState:
    finished: bool  # closed, or past its last day
    submitted: int
    imported: int = 0  # of the submitted, how many came in through an import
    disclosed: int = 0  # submitted count when it was reopened with results shown (0: never)


@dataclass(frozen=True)
class RoundDisclosure:
    reportable: bool
    withheld: Withheld | None  # why not, when not
    missing: int  # how many more responses (of the kind that is short) are needed


@dataclass(frozen=True)
class Policy:
    """The disclosure rules for one set of thresholds."""

    minimum: int  # responses before any result is shown
    national_minimum: int  # teams a national comparison needs
    range_minimum: int  # responses before the lowest, median and highest score are shown
    comment_minimum: int  # responses before a round's comments are shown

    def round(self, state: RoundState) -> RoundDisclosure:
        """Whether a round's results may be shown, and if not, why and how many are missing."""
        link = state.submitted - state.imported
        added = state.submitted - state.disclosed
        if not state.finished:
            return RoundDisclosure(False, Withheld.RUNNING, self.missing(state.submitted))
        if state.submitted < self.minimum:
            return RoundDisclosure(False, Withheld.TOO_FEW, self.missing(state.submitted))
        if 0 < link < self.minimum:
            return RoundDisclosure(False, Withheld.TOO_FEW_VIA_LINK, self.missing(link))
        if state.disclosed and 0 < added < self.minimum:
            return RoundDisclosure(False, Withheld.TOO_FEW_NEW, self.missing(added))
        return RoundDisclosure(True, None, 0)

    def range_shown(self, n: int) -> bool:
        """Whether the lowest, median and highest of ``n`` scores may be shown: below
        ``range_minimum`` they are close to the individual scores themselves."""
        return n >= max(self.range_minimum, self.minimum)

    def comments_shown(self, submitted: int, *, audience: Audience, shared: bool) -> bool:
        """Whether a round's comments may be shown to ``audience``: free text identifies
        sooner, so only from ``comment_minimum`` responses; and they are the team's, so the
        gemeente reads them only while the team shares them (``shared``)."""
        if submitted < max(self.comment_minimum, self.minimum):
            return False
        return audience is Audience.TEAM or shared

    def statements_shown(self, groups: Iterable[int]) -> bool:
        """Whether a condition's answers per statement may be shown, given the sizes of the
        groups of respondents that were asked different statements of it (roles get different
        statements, see StatementWording).

        With more than one such group, the condition's mean and the answers per statement
        together give away each group's mean (the groups weigh their statements differently),
        so every group must reach the minimum; one group gives nothing away.
        """
        sizes = [n for n in groups if n]
        return len(sizes) <= 1 or all(self.reportable(n) for n in sizes)

    def reportable(self, n: int) -> bool:
        """Whether a result resting on ``n`` responses may be shown."""
        return n >= self.minimum

    def missing(self, n: int) -> int:
        """How many more responses are needed before a result resting on ``n`` may be shown."""
        return max(0, self.minimum - n)

    def visible_groups(self, counts: Mapping[str, int]) -> set[str]:
        return visible_groups(counts, self.minimum)

    def national_comparable(self, teams: int) -> bool:
        """Whether a national distribution of ``teams`` team scores may be compared with."""
        return teams >= self.national_minimum

    def reportable_lookup(self, field: str) -> dict[str, int]:
        """``reportable`` as a queryset filter on a count field: ``filter(**lookup("n"))``."""
        return {f"{field}__gte": self.minimum}


def policy() -> Policy:
    """The policy in force. The ``PRIVACY_*`` settings and ``NATIONAL_MIN_TEAMS`` are read here
    and nowhere else."""
    return Policy(
        minimum=settings.PRIVACY_MIN_RESPONSES,
        national_minimum=settings.NATIONAL_MIN_TEAMS,
        range_minimum=settings.PRIVACY_MIN_FOR_RANGE,
        comment_minimum=settings.PRIVACY_MIN_FOR_COMMENTS,
    )
