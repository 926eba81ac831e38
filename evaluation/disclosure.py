"""Privacy: what may be shown. Every disclosure decision lives here, and this is the only module
that reads the threshold settings. Plain data in, decisions out; no ORM. docs/privacy.md explains
the rules.

- A round's results appear only after it has ended, so nobody learns one response by watching
  results change; while it runs, only the count.
- Count only what the viewer cannot know: imported rows are known to whoever imported them, so
  every threshold counts link responses (``Count.unknown``); a figure rests on none of them or
  at least the threshold (``rests_on_enough``).
- A result (a team's scores, a condition, a statement's distribution, a role) is shown only
  when it rests on at least ``minimum``; the lowest, median, highest and the numeric spread
  from ``range_minimum``; comments from ``comment_minimum``.
- Every disclosure is a snapshot: after a reopening, figures change only when every role group
  (and the round) whose unknown responses changed changed by at least ``minimum``.
- What can be worked out by subtraction is hidden too: a small hidden group next to a shown total
  (complementary suppression, ``visible_groups``).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings


@dataclass(frozen=True)
class Count:
    """What a figure rests on: ``total`` responses, of which ``unknown`` came in through the
    link. The rest were imported, and whoever imported them knows them: they never help a
    figure over a threshold. Every threshold below is applied to a ``Count``, so no caller can
    count the other thing."""

    total: int
    unknown: int

    def __add__(self, other: "Count") -> "Count":
        return Count(self.total + other.total, self.unknown + other.unknown)


NONE = Count(0, 0)
ALL = ""  # the whole round, beside its role groups, in a disclosure snapshot


def condition_group(condition_id: int) -> str:
    """A condition's defined scores as a group of a disclosure snapshot (beside the roles)."""
    return f"voorwaarde:{condition_id}"


def rests_on_enough(count: Count, minimum: int) -> bool:
    """Whether a figure resting on ``count`` may be shown against ``minimum``: at least that
    many responses, and of the unknown ones none (the figure tells the importer nothing new) or
    at least that many (imported rows do not lift a few link responses over it)."""
    return count.total >= minimum and (count.unknown == 0 or count.unknown >= minimum)


def visible_groups(
    counts: Mapping[str, Count], minimum: int, disclosed: Mapping[str, int] | None = None
) -> set[str]:
    """The groups whose results may be shown, given what each group's figure rests on.

    Complementary suppression: the groups that are hidden together hold no unknown response or
    at least ``minimum``, else the next-smallest visible groups are hidden too, so a hidden
    group never follows from the total minus the shown ones.

    ``disclosed``: the round's last disclosure snapshot. A group that had members then but was
    hidden then stays hidden: its figure now, beside the totals shown then, would give back
    the small group hidden beside it then.
    """
    allowed = snapshot_visible(disclosed, minimum)
    visible = {
        group
        for group, n in counts.items()
        if rests_on_enough(n, minimum) and (allowed is None or group in allowed)
    }
    hidden = sum((n.unknown for g, n in counts.items() if g not in visible), 0)
    for group in sorted(visible, key=lambda g: (counts[g].unknown, counts[g].total, g)):
        if hidden == 0 or hidden >= minimum:
            break
        visible.discard(group)
        hidden += counts[group].unknown
    if 0 < hidden < minimum:
        return set()
    return visible


HIDDEN = "verborgen:"  # marks a role group hidden at some disclosure, in a snapshot


def _roles_of(groups: Mapping[str, int]) -> dict[str, int]:
    return {
        g: n for g, n in groups.items() if g != ALL and not g.startswith(("voorwaarde:", HIDDEN))
    }


def snapshot_visible(disclosed: Mapping[str, int] | None, minimum: int) -> set[str] | None:
    """The role groups that may be shown after disclosure snapshots: none that was hidden at an
    earlier disclosure while it had link responses (the attacker remembers every disclosure:
    its members, beside the totals shown then, would come back once it is shown). None: no
    snapshot, no restriction."""
    if disclosed is None:
        return None
    hidden = {g.removeprefix(HIDDEN) for g in disclosed if g.startswith(HIDDEN)}

    class _Allowed(set):
        def __contains__(self, group: object) -> bool:
            return group not in hidden

    return _Allowed()


def next_snapshot(
    now: Mapping[str, int], previous: Mapping[str, int] | None, minimum: int
) -> dict[str, int]:
    """The snapshot recorded at a disclosure: the unknown responses per group now, and every
    role group that is hidden now or was hidden before while it had link responses."""
    roles = _roles_of(now)
    shown = visible_groups({g: Count(n, n) for g, n in roles.items()}, minimum, previous)
    hidden = {g for g in (previous or {}) if g.startswith(HIDDEN)}
    hidden |= {HIDDEN + g for g, n in roles.items() if n and g not in shown}
    return {**now, **dict.fromkeys(sorted(hidden), 1)}


def unknown_groups(by_group: Mapping[str, int], unknown: int) -> dict[str, int]:
    """The groups a disclosure snapshot records: the link responses per role and the defined
    link scores per condition (``by_group``), and the link responses in all."""
    return {**{group: n for group, n in by_group.items() if n}, ALL: unknown}


def changed_too_little(
    now: Mapping[str, int], disclosed: Mapping[str, int] | None, minimum: int
) -> int:
    """How many more unknown responses a round needs before its figures may change, given the
    unknown responses per group (role, and ``ALL``) now and at the last disclosure (``None``:
    never disclosed). Every group whose unknown responses changed must have changed by at
    least ``minimum``: comparing the figures before and after otherwise isolates a few. 0:
    the figures may be shown."""
    if disclosed is None:
        return 0
    missing = 0
    for group in (set(now) | set(disclosed)) - {g for g in disclosed if g.startswith(HIDDEN)}:
        change = abs(now.get(group, 0) - disclosed.get(group, 0))
        if 0 < change < minimum:
            missing = max(missing, minimum - change)
    return missing


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
    submitted: int  # every submitted response, link and imported: the count that is shown
    unknown: int  # of those, how many came in through the link (what thresholds count)
    # Link responses per role and defined link scores per condition now, and those and ALL at
    # the last disclosure (None: never).
    unknown_by_group: Mapping[str, int] = field(default_factory=dict)
    disclosed: Mapping[str, int] | None = None

    @property
    def imported(self) -> int:
        return self.submitted - self.unknown

    @property
    def unknown_groups(self) -> dict[str, int]:
        """The unknown responses per group a disclosure snapshot records."""
        return unknown_groups(self.unknown_by_group, self.unknown)


@dataclass(frozen=True)
class RoundDisclosure:
    reportable: bool
    withheld: Withheld | None  # why not, when not
    missing: int  # how many more link responses are needed


@dataclass(frozen=True)
class Policy:
    """The disclosure rules for one set of thresholds. Every threshold is applied to a
    ``Count`` and counts the unknown (link) responses (``rests_on_enough``)."""

    minimum: int  # responses before any result is shown
    national_minimum: int  # teams a national comparison needs
    range_minimum: int  # responses before the lowest, median, highest and spread are shown
    comment_minimum: int  # responses before a round's comments are shown

    def round(self, state: RoundState) -> RoundDisclosure:
        """Whether a round's results may be shown, and if not, why and how many are missing."""
        if not state.finished:
            return RoundDisclosure(False, Withheld.RUNNING, self.missing(state.unknown))
        if not rests_on_enough(Count(state.submitted, state.unknown), self.minimum):
            kind = Withheld.TOO_FEW_VIA_LINK if state.imported else Withheld.TOO_FEW
            return RoundDisclosure(False, kind, self.missing(state.unknown))
        if short := changed_too_little(state.unknown_groups, state.disclosed, self.minimum):
            return RoundDisclosure(False, Withheld.TOO_FEW_NEW, short)
        return RoundDisclosure(True, None, 0)

    def range_shown(self, count: Count) -> bool:
        """Whether the lowest, median and highest score and the numeric spread may be shown:
        below ``range_minimum`` they (with the mean) give back the individual scores."""
        return rests_on_enough(count, max(self.range_minimum, self.minimum))

    def comments_shown(self, count: Count, *, audience: Audience, shared: bool) -> bool:
        """Whether a round's comments may be shown to ``audience``: free text identifies
        sooner, so only from ``comment_minimum`` responses; and they are the team's, so the
        gemeente reads them only while the team shares them (``shared``)."""
        if not rests_on_enough(count, max(self.comment_minimum, self.minimum)):
            return False
        return audience is Audience.TEAM or shared

    def statements_shown(self, groups: Iterable[Count]) -> bool:
        """Whether a condition's answers per statement may be shown, given what the groups of
        respondents that were asked different statements of it rest on (roles get different
        statements, see StatementWording).

        With more than one such group, the condition's mean and the answers per statement
        together give away each group's mean (the groups weigh their statements differently),
        so every group must reach the minimum; one group gives nothing away.
        """
        sizes = [n for n in groups if n.total]
        return len(sizes) <= 1 or all(self.reportable(n) for n in sizes)

    def reportable(self, count: Count) -> bool:
        """Whether a result resting on ``count`` may be shown."""
        return rests_on_enough(count, self.minimum)

    def missing(self, unknown: int) -> int:
        """How many more link responses a result resting on ``unknown`` of them needs."""
        return max(0, self.minimum - unknown)

    def visible_groups(
        self, counts: Mapping[str, Count], disclosed: Mapping[str, int] | None = None
    ) -> set[str]:
        return visible_groups(counts, self.minimum, disclosed)

    def national_comparable(self, teams: int) -> bool:
        """Whether a national distribution of ``teams`` team scores may be compared with."""
        return teams >= self.national_minimum


def policy() -> Policy:
    """The policy in force. The ``PRIVACY_*`` settings and ``NATIONAL_MIN_TEAMS`` are read here
    and nowhere else."""
    return Policy(
        minimum=settings.PRIVACY_MIN_RESPONSES,
        national_minimum=settings.NATIONAL_MIN_TEAMS,
        range_minimum=settings.PRIVACY_MIN_FOR_RANGE,
        comment_minimum=settings.PRIVACY_MIN_FOR_COMMENTS,
    )
