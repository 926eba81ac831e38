"""Privacy rules for showing group results. Pure functions: plain data in, decisions out.

A group (a perspective) is shown only when it has at least ``minimum`` submitted responses. That
alone is not enough: when the team total is shown and exactly one small group is hidden, its
mean follows by subtraction. So the hidden groups together must hold either nobody or at least
``minimum`` respondents; otherwise the smallest visible groups are hidden as well until that
holds, and if it cannot hold, no group is shown.
"""

from collections.abc import Mapping


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
