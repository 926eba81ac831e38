"""The caseload denkkader: the team's actual caseload held against its own bandwidth."""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Position(StrEnum):
    BELOW = "onder"
    WITHIN = "binnen"
    ABOVE = "boven"


@dataclass(frozen=True)
class CaseloadCheck:
    per_fte: float
    low: int
    high: int
    position: Position


def households_per_fte(fte: Decimal | float | None, households: int | None) -> float | None:
    """Households in begeleiding per fte, or None when a fact is missing or fte is not positive."""
    if fte is None or households is None or fte <= 0:
        return None
    return float(households) / float(fte)


def check_caseload(
    *, fte: Decimal | float | None, households: int | None, low: int | None, high: int | None
) -> CaseloadCheck | None:
    """Households per FTE against the bandwidth [low, high]; both bounds count as within.

    Returns None when a fact is missing or the FTE is not positive.
    """
    per_fte = households_per_fte(fte, households)
    if per_fte is None or low is None or high is None:
        return None
    if per_fte < low:
        position = Position.BELOW
    elif per_fte > high:
        position = Position.ABOVE
    else:
        position = Position.WITHIN
    return CaseloadCheck(per_fte=per_fte, low=low, high=high, position=position)
