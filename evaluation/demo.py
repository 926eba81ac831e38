"""A complete, believable demo: two gemeenten, five teams, rounds in every state.

Responses go through the same services as real respondents (start, save each step, submit), so
their scores are computed and stored exactly as in production. Safe to run again: existing
objects are kept and nothing is duplicated.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from knowledge import services as knowledge

from . import services
from .constants import (
    ActionStatus,
    AgreedViewChoice,
    BudgetAvailability,
    Lever,
    Role,
    TeamKind,
)
from .disclosure import Audience
from .models import ActionPoint, Gemeente, Questionnaire, Round, Team
from .selectors import scan_steps
from .team_results import round_results

DEMO_PASSWORD = "demo-wachtwoord"  # printed on purpose: demo only

# Mean Likert answer per condition, per team profile (before reverse keying).
PROFILES = {
    # Strong on één vaste professional, weak on teambudget and mandaat (with disagreement).
    "noord": {
        "een-vaste-professional": 4.2,
        "mandaat": 2.4,
        "caseload": 3.1,
        "teambudget": 1.8,
        "gedeelde-visie": 3.6,
    },
    "centrum": {
        "een-vaste-professional": 3.6,
        "mandaat": 3.4,
        "caseload": 2.2,
        "teambudget": 3.0,
        "gedeelde-visie": 2.9,
    },
    "west": {
        "een-vaste-professional": 3.0,
        "mandaat": 3.9,
        "caseload": 3.3,
        "teambudget": 4.1,
        "gedeelde-visie": 2.3,
    },
}
DIVIDED = {"noord": {"mandaat"}}

COMMENTS = {
    "mandaat": [
        "Als ik iets regel met de woningcorporatie, moet dat vaak via mijn leidinggevende.",
        "Bij de GGZ wordt ons advies meestal wel gevolgd, bij andere partners minder.",
        "Niemand weet bij wie je terechtkunt als een partner niet meewerkt.",
    ],
    "teambudget": [
        "Voor kleine uitgaven moeten we nog steeds een aanvraag doen, dat duurt weken.",
        "Niet iedereen in het team weet dat er een potje is.",
        "Een wasmachine voor een gezin regelen duurde zes weken.",
    ],
    "caseload": [
        "Intervisie schiet er bij drukte als eerste bij in.",
        "Nieuwe collega's krijgen meteen een volle caseload.",
    ],
    "een-vaste-professional": ["Gezinnen weten goed wie hun vaste contactpersoon is."],
    "gedeelde-visie": ["De gemeente en de aanbieders praten nog vaak langs elkaar heen."],
}

# What families wrote in the plain-Dutch version.
PLAIN_COMMENTS = {
    "een-vaste-professional": ["Fijn dat we één vaste persoon hebben. Die kent ons gezin."],
    "mandaat": ["We wachtten twee maanden op een besluit over hulp in huis."],
    "caseload": ["Onze hulpverlener heeft het druk, maar belt altijd terug."],
    "teambudget": ["De spullen voor school waren binnen een week geregeld."],
    "gedeelde-visie": ["Soms zegt de ene hulpverlener iets anders dan de andere."],
}


@dataclass
class DemoRound:
    title: str
    profile: str
    respondents: int
    days_ago: int  # the closing date lies this many days in the past; <= 0 means still open
    started_only: int = 0
    # Of the standard questionnaire; None: the newest published version (what a new round gets).
    version: int | None = None
    roles: list[Role] = field(
        default_factory=lambda: [
            Role.PROFESSIONAL,
            Role.PROFESSIONAL,
            Role.PROFESSIONAL,
            Role.TEAM_LEAD,
            Role.PARTNER,
            Role.PROFESSIONAL,
            Role.MUNICIPALITY,
            Role.PARTNER,
            Role.RESIDENT,
        ]
    )


@dataclass
class DemoTeam:
    gemeente: str
    name: str
    slug: str
    kind: str
    coordinator: str
    facts: services.RoundFacts
    rounds: list[DemoRound]


GEMEENTEN = {"rijnwaarde": "Rijnwaarde", "lindehoven": "Lindehoven"}
# Professionals and a team lead are asked the same statements (version 3), so a team answered by
# them alone shows its answers per statement from three responses on.
NOORD_ROLES: list[Role] = [Role.PROFESSIONAL, Role.PROFESSIONAL, Role.PROFESSIONAL, Role.TEAM_LEAD]
USERS = [
    # username, first name, role description, staff
    ("coordinator", "Sanne", "coördinator van de drie teams in Rijnwaarde", False),
    ("coordinator-lindehoven", "Youssef", "coördinator van de twee teams in Lindehoven", False),
    ("analist-rijnwaarde", "Marieke", "analist van gemeente Rijnwaarde", False),
    ("analist-lindehoven", "Daan", "analist van gemeente Lindehoven", False),
    ("beheerder", "Beheer", "beheerder: kennisbank, organisaties en gebruikers (/beheer/)", True),
]
ANALYSTS = {"analist-rijnwaarde": "rijnwaarde", "analist-lindehoven": "lindehoven"}

TEAMS = [
    DemoTeam(
        "rijnwaarde",
        "Wijkteam Noord",
        "wijkteam-noord",
        TeamKind.WIJKTEAM,
        "coordinator",
        services.RoundFacts(
            fte=Decimal("9.5"),
            households=260,
            bandwidth_low=18,
            bandwidth_high=24,
            budget_available=BudgetAvailability.NO,
            budget_per_year=None,
            budget_days=None,
        ),
        # Noord's team answers every statement (professionals and its team lead are asked the
        # same ones), so its results show the answers per statement and the lessons say which
        # statement they answer. West's spring round, with a gemeente officer, a partner and a
        # parent asked fewer, shows the "waarom" line when the answers per statement are
        # withheld.
        [
            DemoRound("Najaar 2025", "noord", 8, days_ago=380, roles=NOORD_ROLES),
            DemoRound("Voorjaar 2026", "noord", 12, days_ago=200, roles=NOORD_ROLES),
        ],
    ),
    DemoTeam(
        "rijnwaarde",
        "Wijkteam Centrum",
        "wijkteam-centrum",
        TeamKind.WIJKTEAM,
        "coordinator",
        services.RoundFacts(
            fte=Decimal("7.0"),
            households=150,
            bandwidth_low=16,
            bandwidth_high=22,
            budget_available=BudgetAvailability.YES,
            budget_per_year=15000,
            budget_days=10,
        ),
        [DemoRound("Najaar 2026", "centrum", 4, days_ago=-14, started_only=1)],
    ),
    DemoTeam(
        "rijnwaarde",
        "Jeugdteam Oost",
        "jeugdteam-oost",
        TeamKind.JEUGDTEAM,
        "coordinator",
        services.RoundFacts(),
        [DemoRound("Voorjaar 2026", "centrum", 2, days_ago=190)],
    ),
    DemoTeam(
        "lindehoven",
        "Sociaal team West",
        "sociaal-team-west",
        TeamKind.SOCIAAL_TEAM,
        "coordinator-lindehoven",
        services.RoundFacts(
            fte=Decimal("6.0"),
            households=98,
            bandwidth_low=14,
            bandwidth_high=20,
            budget_available=BudgetAvailability.YES,
            budget_per_year=25000,
            budget_days=2,
        ),
        [
            DemoRound("Voorjaar 2026", "west", 7, days_ago=170),
            # Families answered the plain-Dutch version, and with four of them beside six
            # professionals the results compare the two roles.
            DemoRound(
                "Najaar 2026",
                "west",
                10,
                days_ago=7,
                roles=[
                    Role.PROFESSIONAL,
                    Role.RESIDENT,
                    Role.PROFESSIONAL,
                ]
                + [Role.RESIDENT, Role.PROFESSIONAL] * 3
                + [Role.PROFESSIONAL],
            ),
        ],
    ),
    DemoTeam(
        "lindehoven",
        "Jeugdteam Lindehoven",
        "jeugdteam-lindehoven",
        TeamKind.JEUGDTEAM,
        "coordinator-lindehoven",
        services.RoundFacts(),
        [DemoRound("Najaar 2026", "west", 0, days_ago=-21)],
    ),
]


def _answer(rng: random.Random, mean: float, spread: float, reverse: bool) -> int | None:
    if rng.random() < 0.05:
        return None  # weet ik niet
    value = min(5, max(1, round(rng.gauss(mean, spread))))
    return 6 - value if reverse else value


def _fill(round_: Round, demo: DemoRound, rng: random.Random) -> None:
    profile = PROFILES[demo.profile]
    for index in range(demo.respondents + demo.started_only):
        role = demo.roles[index % len(demo.roles)]
        steps = scan_steps(round_, role)
        response, _token = services.response_start(round_=round_, role=role)
        for number, (condition, statements) in enumerate(steps):
            if index >= demo.respondents and number >= 2:
                break  # started, not finished
            divided = condition.slug in DIVIDED.get(demo.profile, set())
            mean = profile[condition.slug]
            if divided:
                mean = mean + (1.6 if index % 2 else -0.6)
            values = {
                s.pk: _answer(rng, mean, 1.0 if divided else 0.6, s.reverse_keyed)
                for s in statements
            }
            said = PLAIN_COMMENTS if role == Role.RESIDENT else COMMENTS
            comments = said.get(condition.slug, [])
            comment = comments[(index // 4) % len(comments)] if comments and index % 4 == 1 else ""
            services.response_save_step(
                response=response, statements=statements, values=values, comment=comment
            )
        if index < demo.respondents:
            services.response_submit(response=response)


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    """Creates what is missing of the demo; returns the demo logins (username, role)."""
    User = get_user_model()
    users = {}
    for username, first_name, _role, staff in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "email": f"{username}@example.org"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = user.is_superuser = staff
            user.save()
        users[username] = user

    gemeenten = {
        slug: Gemeente.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in GEMEENTEN.items()
    }
    for username, slug in ANALYSTS.items():
        gemeenten[slug].analysts.add(users[username])

    published = Questionnaire.objects.filter(key="standaard", is_published=True)
    questionnaires: dict[int | None, Questionnaire] = {q.version: q for q in published}
    questionnaire = questionnaires[None] = published.latest("version")
    today = timezone.localdate()
    for demo_team in TEAMS:
        team, _ = Team.objects.get_or_create(
            gemeente=gemeenten[demo_team.gemeente],
            slug=demo_team.slug,
            defaults={"name": demo_team.name, "kind": demo_team.kind},
        )
        team.coordinators.add(users[demo_team.coordinator])
        for demo in demo_team.rounds:
            if Round.objects.filter(team=team, title=demo.title).exists():
                continue
            closes_on = today - timedelta(days=demo.days_ago)
            round_ = services.round_create(
                team=team,
                questionnaire=questionnaires[demo.version],
                title=demo.title,
                opens_on=min(today, closes_on) - timedelta(days=21),
                closes_on=max(today, closes_on),
                facts=demo_team.facts,
            )
            _fill(round_, demo, random.Random(f"{team.slug}/{demo.title}"))
            if demo.days_ago > 0:
                # A finished round: move its period into the past and close it.
                Round.objects.filter(pk=round_.pk).update(
                    opens_on=closes_on - timedelta(days=21),
                    closes_on=closes_on,
                    closed_at=timezone.make_aware(datetime.combine(closes_on, time(17, 0))),
                )
    _load_gemeente_demo(users, questionnaire)
    _load_follow_up(today)
    return [(username, role) for username, _first, role, _staff in USERS]


# The previous round of Wijkteam Noord as a teamgesprek left it: an agreed view per condition
# and action points in every status, so the next teamgesprek starts with their follow-up.
FOLLOW_UP_TEAM, FOLLOW_UP_ROUND = "wijkteam-noord", "Najaar 2025"
AGREED = {
    "een-vaste-professional": (AgreedViewChoice.AGREE, "Gezinnen weten wie hun vaste contact is."),
    "mandaat": (
        AgreedViewChoice.LOWER,
        "Bij de woningcorporatie wordt ons advies bijna nooit gevolgd.",
    ),
    "caseload": (AgreedViewChoice.AGREE, "Herkenbaar: intervisie valt als eerste weg."),
    "teambudget": (AgreedViewChoice.LOWER, "Er is geen budget; wat er is, kent bijna niemand."),
    "gedeelde-visie": (
        AgreedViewChoice.HIGHER,
        "Met de gemeente is de visie net opnieuw besproken.",
    ),
}
# condition slug, description, who must act, owner, due (days from today), status
ACTIONS = [
    (
        "teambudget",
        "Voorstel voor een vrij besteedbaar teambudget bespreken met de gemeente",
        Lever.GEMEENTE,
        "Sanne (coördinator)",
        -30,
        ActionStatus.IN_PROGRESS,
    ),
    (
        "mandaat",
        "Afspraken maken met de woningcorporatie over wie beslist bij huurachterstand",
        Lever.ORGANISATION,
        "Teamleider",
        -10,
        ActionStatus.OPEN,
    ),
    (
        "caseload",
        "Elke twee weken een vast uur intervisie inplannen",
        Lever.TEAM,
        "Ahmed",
        -120,
        ActionStatus.DONE,
    ),
    (
        "gedeelde-visie",
        "Gezamenlijke visiesessie met de aanbieders organiseren",
        Lever.GEMEENTE,
        "Gemeente (beleidsadviseur)",
        -60,
        ActionStatus.DROPPED,
    ),
    (
        "een-vaste-professional",
        "Nieuwe gezinnen een kaartje geven met naam en nummer van hun vaste contact",
        Lever.TEAM,
        "Lotte",
        45,
        ActionStatus.OPEN,
    ),
]


def _load_follow_up(today) -> None:
    round_ = Round.objects.filter(team__slug=FOLLOW_UP_TEAM, title=FOLLOW_UP_ROUND).first()
    if round_ is None or round_.action_points.exists():
        return
    results = round_results(round_, audience=Audience.TEAM)
    by_slug = {c.condition.slug: c for c in results.conditions}
    for slug, (view, note) in AGREED.items():
        if slug in by_slug:
            services.agreed_view_save(
                round_=round_, condition=by_slug[slug].condition, view=view, note=note
            )
    for slug, description, actor, owner, due_in, status in ACTIONS:
        result = by_slug.get(slug)
        if result is None:
            continue
        services.action_point_save(
            action_point=ActionPoint(
                round=round_,
                condition=result.condition,
                lesson=result.lessons[0] if result.lessons else None,
                description=description,
                actor=actor,
                owner=owner,
                due_date=today + timedelta(days=due_in),
                status=status,
            )
        )


# --- The gemeente's side: team sizes, an earlier round of Centrum, a question to the gemeente.

TEAM_SIZES = {
    "wijkteam-noord": 14,
    "wijkteam-centrum": 12,
    "jeugdteam-oost": 9,
    "sociaal-team-west": 10,
    "jeugdteam-lindehoven": 8,
}
# Centrum's spring round: like Noord, low on what the gemeente decides (teambudget, mandaat), so
# the gemeente page shows a question that two teams share.
PROFILES["centrum-voorjaar"] = {
    "een-vaste-professional": 3.5,
    "mandaat": 2.1,
    "caseload": 2.4,
    "teambudget": 1.9,
    "gedeelde-visie": 2.3,
}
CENTRUM_SPRING = DemoRound("Voorjaar 2026", "centrum-voorjaar", 5, days_ago=185, roles=NOORD_ROLES)
GEMEENTE_ACTION = (
    "Vraag de gemeente om een vrij besteedbaar teambudget, zodat we bij acute nood dezelfde "
    "week kunnen helpen."
)
GEMEENTE_ANSWER = (
    "We nemen een teambudget voor de wijkteams op in de begroting van volgend jaar. Tot dan kan "
    "het team spoedaanvragen rechtstreeks bij de beleidsadviseur Jeugd indienen; die beslist "
    "binnen twee werkdagen."
)


def _load_gemeente_demo(users: dict, questionnaire: Questionnaire) -> None:
    """Team sizes (for the response rate), Centrum's finished spring round, an action point
    of Noord addressed to the gemeente, and the analyst's answer to it. Safe to run again."""
    for slug, size in TEAM_SIZES.items():
        Team.objects.filter(slug=slug, gemeente__slug__in=GEMEENTEN).update(size=size)
    centrum = Team.objects.get(gemeente__slug="rijnwaarde", slug="wijkteam-centrum")
    if not Round.objects.filter(team=centrum, title=CENTRUM_SPRING.title).exists():
        today = timezone.localdate()
        closes_on = today - timedelta(days=CENTRUM_SPRING.days_ago)
        round_ = services.round_create(
            team=centrum,
            questionnaire=questionnaire,
            title=CENTRUM_SPRING.title,
            opens_on=today - timedelta(days=1),
            closes_on=today,
            facts=TEAMS[1].facts,
        )
        _fill(round_, CENTRUM_SPRING, random.Random(f"{centrum.slug}/{CENTRUM_SPRING.title}"))
        Round.objects.filter(pk=round_.pk).update(
            opens_on=closes_on - timedelta(days=21),
            closes_on=closes_on,
            closed_at=timezone.make_aware(datetime.combine(closes_on, time(17, 0))),
        )
    noord_spring = Round.objects.get(
        team__gemeente__slug="rijnwaarde", team__slug="wijkteam-noord", title="Voorjaar 2026"
    )
    if not noord_spring.action_points.filter(actor=Lever.GEMEENTE).exists():
        action = services.action_point_save(
            action_point=ActionPoint(
                round=noord_spring,
                condition=next(c for c in knowledge.conditions() if c.slug == "teambudget"),
                description=GEMEENTE_ACTION,
                actor=Lever.GEMEENTE,
                owner="Sanne (coördinator)",
            )
        )
        services.action_point_answer(
            action_point=action,
            answer=GEMEENTE_ANSWER,
            status=ActionStatus.IN_PROGRESS,
            by=users["analist-rijnwaarde"],
        )
