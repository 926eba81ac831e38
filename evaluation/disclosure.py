"""Privacy: what may be shown. Every disclosure decision lives here, and this is the only module
that reads the threshold setting. Plain data in, decisions out; no ORM.

A result (a team's scores, a condition, a perspective, a comment) is shown only when it rests on
at least ``minimum`` submitted responses. For groups that alone is not enough: when the team
total is shown and exactly one small group is hidden, its mean follows by subtraction. So the
hidden groups together must hold either nobody or at least ``minimum`` respondents; otherwise the
smallest visible groups are hidden as well until that holds, and if it cannot hold, no group is
shown.
"""

from collections.abc import Mapping
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Policy:
    """The disclosure rules for one threshold."""

    minimum: int
    national_minimum: int = 10  # teams a national comparison needs

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
    """The policy in force. ``PRIVACY_MIN_RESPONSES`` and ``NATIONAL_MIN_TEAMS`` are read here
    and nowhere else."""
    return Policy(
        minimum=settings.PRIVACY_MIN_RESPONSES, national_minimum=settings.NATIONAL_MIN_TEAMS
    )
