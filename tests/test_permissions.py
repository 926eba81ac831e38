"""The permission matrix: every URL of the app (found in the URLconf) × every persona.

A new view that is not classified here makes the test fail, so access is decided for each view
on purpose. A leak is a persona that gets a page it may not see; the test lists every leak.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from evaluation import services
from evaluation.constants import JobStatus, Lever
from evaluation.models import ActionPoint, BulkReportJob, Invitation, Round
from tests.factories import (
    ConditionFactory,
    GemeenteFactory,
    LessonFactory,
    ProjectFactory,
    QuestionnaireFactory,
    TeamFactory,
    ThemeFactory,
    UserFactory,
    import_responses,
    make_round,
)

pytestmark = pytest.mark.django_db

PUBLIC = {
    "home",
    "accessibility",
    "health",
    "knowledge:overview",
    "knowledge:condition",
    "knowledge:theme",
    "knowledge:projects",
    "knowledge:project",
    "knowledge:lessons",
    "knowledge:lesson",
    "knowledge:sources",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    "admin:login",
    "admin:logout",
}
# The open action points: every logged-in user sees those of their own teams (none for others).
# The landing after login sends each user to their own start page (or lets them choose).
LOGGED_IN = {
    "password_change",
    "password_change_done",
    "evaluation:dashboard",
    "evaluation:actions",
    "evaluation:landing",
}
COORDINATOR = {
    "evaluation:round_create",
    "evaluation:round",
    "evaluation:round_counts",
    "evaluation:round_facts",
    "evaluation:round_close",
    "evaluation:round_reopen",
    "evaluation:comments_share",
    "evaluation:comment_redact",
    "evaluation:invitation_replace",
    "evaluation:invitation_revoke",
    "evaluation:import",
    "evaluation:invite",
    "evaluation:invitation_print",
    "evaluation:action_create",
    "evaluation:action_edit",
    "evaluation:action_delete",
    "evaluation:meeting",
    "evaluation:meeting_step",
    "evaluation:meeting_end",
}
# The team's coordinator or its analyst.
VIEWER = {"evaluation:results", "evaluation:report", "evaluation:handout"}
# The list of one's own gemeenten: any analyst, each sent to their own.
ANY_ANALYST = {"evaluation:gemeenten"}
ANALYST = {
    "evaluation:gemeente",
    "evaluation:gemeente_export",
    "evaluation:gemeente_drilldown",
    "evaluation:gemeente_action",
    "evaluation:bulk_reports",
    "evaluation:bulk_status",
    "evaluation:bulk_download",
}
# The invitation or resume link is the key: whoever holds it may fill in (only) that round.
LINK = {
    "evaluation:scan_landing",
    "evaluation:scan_start",
    "evaluation:scan_step",
    "evaluation:scan_review",
    "evaluation:scan_submit",
    "evaluation:scan_thanks",
    "evaluation:scan_resume",
    "evaluation:scan_mail_link",
}
PERSONAS = [
    "anonymous",
    "respondent",
    "respondent_other_round",
    "coordinator",
    "coordinator_other_team",
    "analyst",
    "analyst_other_gemeente",
    "staff",
]


def url_patterns(patterns=None, prefix: str = "", namespace: str | None = None):
    """(name, route, converter names) of every named URL in the URLconf."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            route = prefix + str(pattern.pattern)
            converters = list(getattr(pattern.pattern, "converters", {}))
            if "(?P<app_label>" in route:  # the admin's app pages are a regular expression
                converters = ["app_label"]
            yield name, route, converters


@dataclass
class World:
    round: Round
    other_round: Round
    token: str
    resume_token: str
    action: ActionPoint
    job: BulkReportJob
    kwargs: dict
    clients: dict


@pytest.fixture
def world() -> World:
    condition = ConditionFactory(slug="mandaat", code="MAN", order=2)
    theme = ThemeFactory()
    project = ProjectFactory()
    lesson = LessonFactory(conditions=[condition])
    questionnaire = QuestionnaireFactory(conditions=[condition])
    gemeente, other_gemeente = GemeenteFactory(slug="rijnwaarde"), GemeenteFactory()
    users = {
        persona: UserFactory(username=persona)
        for persona in PERSONAS
        if persona not in ("anonymous", "respondent", "respondent_other_round")
    }
    team = TeamFactory(gemeente=gemeente, coordinators=[users["coordinator"]])
    other_team = TeamFactory(
        gemeente=other_gemeente, coordinators=[users["coordinator_other_team"]]
    )
    gemeente.analysts.add(users["analyst"])
    other_gemeente.analysts.add(users["analyst_other_gemeente"])
    get_user_model().objects.filter(pk=users["staff"].pk).update(is_staff=True, is_superuser=True)
    round_ = make_round(team=team, questionnaire=questionnaire)
    other_round = make_round(team=other_team, questionnaire=questionnaire)
    import_responses(round_, [("professional", {"MAN-1": 4, "MAN-2": 2})] * 3, finish=False)
    action = services.action_point_save(
        action_point=ActionPoint(round=round_, condition=condition, description="Actie")
    )
    to_gemeente = services.action_point_save(
        action_point=ActionPoint(
            round=round_, condition=condition, description="Vraag", actor=Lever.GEMEENTE
        )
    )
    job = BulkReportJob.objects.create(gemeente=gemeente, status=JobStatus.DONE, archive=b"PK")
    token = Invitation.objects.active().get(round=round_).token
    other_token = Invitation.objects.active().get(round=other_round).token
    _draft, resume_token = services.response_start(round_=round_, role="professional")

    clients = {}
    for persona in PERSONAS:
        client = Client()
        if persona in users:
            client.force_login(users[persona])
        clients[persona] = client
    for persona, link in (("respondent", token), ("respondent_other_round", other_token)):
        started = clients[persona].post(
            reverse("evaluation:scan_start", args=[link]), {"role": "professional"}
        )
        assert started.status_code == 200  # the page with the personal resume link

    kwargs = {
        "knowledge:condition": {"slug": condition.slug},
        "knowledge:theme": {"slug": theme.slug},
        "knowledge:project": {"slug": project.slug},
        "knowledge:lesson": {"slug": lesson.slug},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "evaluation:round_create": {"team_id": team.pk},
        "evaluation:action_edit": {"pk": round_.pk, "action_id": action.pk},
        "evaluation:action_delete": {"pk": round_.pk, "action_id": action.pk},
        "evaluation:meeting_step": {"pk": round_.pk, "number": 1},
        "evaluation:gemeente": {"slug": gemeente.slug},
        "evaluation:gemeente_export": {"slug": gemeente.slug, "fmt": "csv"},
        "evaluation:gemeente_drilldown": {"slug": gemeente.slug, "condition": condition.slug},
        "evaluation:gemeente_action": {"slug": gemeente.slug, "action_id": to_gemeente.pk},
        "evaluation:bulk_reports": {"slug": gemeente.slug},
        "evaluation:bulk_status": {"slug": gemeente.slug, "job_id": job.pk},
        "evaluation:bulk_download": {"slug": gemeente.slug, "job_id": job.pk},
        "evaluation:scan_step": {"token": token, "number": 1},
        "evaluation:scan_resume": {"token": resume_token},
    }
    return World(round_, other_round, token, resume_token, action, job, kwargs, clients)


def build_url(world: World, name: str, converters: list[str]) -> str | None:
    if name in world.kwargs:
        return reverse(name, kwargs=world.kwargs[name])
    if converters == ["pk"]:
        return reverse(name, kwargs={"pk": world.round.pk})
    if converters == ["token"]:
        return reverse(name, kwargs={"token": world.token})
    if converters == ["app_label"]:
        return reverse(name, kwargs={"app_label": "evaluation"})
    if not converters:
        return reverse(name)
    return None  # an admin URL for one object: covered by its changelist's rule


def expected(name: str, persona: str) -> str:
    """'allow' or 'deny' (404, or the login page for someone not logged in)."""
    logged_in = persona in ("coordinator", "coordinator_other_team", "analyst")
    logged_in = logged_in or persona in ("analyst_other_gemeente", "staff")
    if name in PUBLIC or name in LINK:
        return "allow"
    if name.startswith("admin:"):
        return "allow" if persona == "staff" else "deny"
    if name in LOGGED_IN:
        return "allow" if logged_in else "deny"
    if name in COORDINATOR:
        return "allow" if persona == "coordinator" else "deny"
    if name in VIEWER:
        return "allow" if persona in ("coordinator", "analyst") else "deny"
    if name in ANALYST:
        return "allow" if persona == "analyst" else "deny"
    if name in ANY_ANALYST:
        return "allow" if persona in ("analyst", "analyst_other_gemeente") else "deny"
    raise AssertionError(f"{name} is not classified in tests/test_permissions.py")


def is_denied(response, persona: str, name: str) -> bool:
    if response.status_code == 404:
        return True
    if response.status_code == 302:
        location = response["Location"]
        login = reverse("admin:login") if name.startswith("admin:") else reverse("login")
        return location.startswith(login)
    return False


def test_every_url_is_classified():
    names = {name for name, _route, _converters in url_patterns()}
    unclassified = {
        name
        for name in names
        if not name.startswith("admin:")
        and name not in PUBLIC | LOGGED_IN | COORDINATOR | VIEWER | ANALYST | ANY_ANALYST | LINK
    }
    assert unclassified == set()


def test_no_persona_sees_what_is_not_theirs(world):
    leaks, refused, checked = [], [], 0
    for name, _route, converters in url_patterns():
        url = build_url(world, name, converters)
        if url is None:
            continue
        for persona in PERSONAS:
            response = world.clients[persona].get(url)
            checked += 1
            assert response.status_code < 500, (name, persona, response.status_code)
            want = expected(name, persona)
            if want == "deny" and not is_denied(response, persona, name):
                leaks.append((name, persona, response.status_code))
            if want == "allow" and is_denied(response, persona, name):
                refused.append((name, persona, response.status_code))
    assert checked > 500
    assert leaks == []
    # Allowed pages open (a 405 means the view only takes POST, which is checked below).
    assert refused == []


def test_writes_by_others_change_nothing(world):
    before = (
        set(ActionPoint.objects.values_list("pk", "answer", "status")),
        Round.objects.filter(closed_at__isnull=False).count(),
        set(Invitation.objects.values_list("pk", "revoked_at")),
        BulkReportJob.objects.count(),
    )
    converters = {name: found for name, _route, found in url_patterns()}
    for name in sorted(COORDINATOR | ANALYST | ANY_ANALYST):
        url = build_url(world, name, converters[name])
        for persona in PERSONAS:
            if expected(name, persona) == "allow":
                continue
            response = world.clients[persona].post(url, {"description": "Gehackt"})
            assert response.status_code in (302, 404, 405), (name, persona)
            if response.status_code == 302:
                assert is_denied(response, persona, name), (name, persona)
    after = (
        set(ActionPoint.objects.values_list("pk", "answer", "status")),
        Round.objects.filter(closed_at__isnull=False).count(),
        set(Invitation.objects.values_list("pk", "revoked_at")),
        BulkReportJob.objects.count(),
    )
    assert after == before


def test_a_link_opens_only_its_own_round(world):
    step = reverse("evaluation:scan_step", kwargs={"token": world.token, "number": 1})
    mine = world.clients["respondent"].get(step)
    assert mine.status_code == 200
    # Someone with a draft in another round has no draft here: they are sent to the start.
    other = world.clients["respondent_other_round"].get(step)
    assert other.status_code == 302
    assert other["Location"] == reverse("evaluation:scan_start", args=[world.token])
    unknown = world.clients["anonymous"].get(
        reverse("evaluation:scan_landing", args=["a" * len(world.token)])
    )
    assert unknown.status_code == 404
