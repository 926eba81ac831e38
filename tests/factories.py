"""Factories for test data. Traits name the variants the tests need."""

from datetime import datetime, time, timedelta

import factory
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from evaluation import selectors, services
from evaluation.models import Gemeente, Questionnaire, Round, Statement, Team
from knowledge.constants import LessonKind, ProjectStatus, SourceKind
from knowledge.models import Condition, Lesson, Project, Source, Theme


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("key",)

    key = "kennissynthese-2023"
    kind = SourceKind.PUBLICATION
    authors = "Van Arum, S., Kooiman, A., Stouthard, L. & De Veld, D."
    year = 2023
    title = "Krachten bundelen bij wijkgericht werken voor jeugd en gezin"

    class Params:
        literature = factory.Trait(
            key=factory.Sequence(lambda n: f"auteur-{n}"),
            kind=SourceKind.LITERATURE,
            authors=factory.Sequence(lambda n: f"Auteur {n}"),
            title=factory.Sequence(lambda n: f"Onderzoek {n}"),
        )


class CitedFactory(factory.django.DjangoModelFactory):
    source = factory.SubFactory(SourceFactory)
    section = "3.1 Integraal werken"
    page = 14


class ConditionFactory(CitedFactory):
    class Meta:
        model = Condition

    slug = factory.Sequence(lambda n: f"voorwaarde-{n}")
    code = factory.Sequence(lambda n: f"C{n:02d}"[-3:])
    name = factory.Sequence(lambda n: f"Voorwaarde {n}")
    order = factory.Sequence(int)
    summary = "Een korte samenvatting."
    meaning = "Wat het betekent."
    why_it_matters = "Waarom het ertoe doet."


class ThemeFactory(CitedFactory):
    class Meta:
        model = Theme

    slug = factory.Sequence(lambda n: f"thema-{n}")
    name = factory.Sequence(lambda n: f"Thema {n}")
    order = factory.Sequence(int)
    summary = "Een korte samenvatting."
    description = "Een beschrijving."


class ProjectFactory(CitedFactory):
    class Meta:
        model = Project

    slug = factory.Sequence(lambda n: f"project-{n}")
    city = factory.Sequence(lambda n: f"Stad {n}")
    title = factory.Sequence(lambda n: f"Project {n}")
    summary = "Wat het project deed."
    status = ProjectStatus.FINISHED
    section = "2 Toelichting projecten"
    page = 8

    class Params:
        stopped = factory.Trait(
            status=ProjectStatus.STOPPED_EARLY, status_note="Gestopt door personeelstekort."
        )


class LessonFactory(CitedFactory):
    class Meta:
        model = Lesson
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"les-{n}")
    title = factory.Sequence(lambda n: f"Les {n}")
    text = "Wat het team leerde."
    try_this = "Probeer dit eens."
    kind = LessonKind.WORKED
    project = factory.SubFactory(ProjectFactory)

    class Params:
        general = factory.Trait(project=None)
        pitfall = factory.Trait(kind=LessonKind.WENT_WRONG)

    @factory.post_generation
    def conditions(self, create: bool, extracted, **kwargs) -> None:
        if create:
            self.conditions.set(extracted if extracted is not None else [ConditionFactory()])

    @factory.post_generation
    def themes(self, create: bool, extracted, **kwargs) -> None:
        if create:
            self.themes.set(extracted if extracted is not None else [ThemeFactory()])


# --- Evaluation -------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord")

    @factory.post_generation
    def save_password(self, create: bool, extracted, **kwargs) -> None:
        if create:
            self.save()


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeente

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    gemeente = factory.SubFactory(GemeenteFactory)
    name = factory.Sequence(lambda n: f"Wijkteam {n}")
    slug = factory.Sequence(lambda n: f"wijkteam-{n}")

    @factory.post_generation
    def coordinators(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.coordinators.set(extracted)


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    """A small published questionnaire: two statements for each given condition."""

    class Meta:
        model = Questionnaire
        skip_postgeneration_save = True

    key = "test"
    version = factory.Sequence(lambda n: n + 1)
    title = "Testvragenlijst"
    is_published = True

    @factory.post_generation
    def conditions(self, create: bool, extracted, **kwargs) -> None:
        if not create:
            return
        conditions = extracted or [ConditionFactory(), ConditionFactory()]
        for condition in conditions:
            for order in (1, 2):
                Statement.objects.create(
                    questionnaire=self,
                    condition=condition,
                    code=f"{condition.code}-{order}",
                    order=order,
                    text=f"Stelling {order} over {condition.name}",
                    reverse_keyed=(order == 2),
                )


def make_round(*, team=None, questionnaire=None, title: str = "Voorjaar", **kwargs):
    """A round that is open today, created through the service (so it has a link)."""
    today = timezone.localdate()
    return services.round_create(
        team=team or TeamFactory(),
        questionnaire=questionnaire or QuestionnaireFactory(),
        title=title,
        opens_on=kwargs.pop("opens_on", today - timedelta(days=1)),
        closes_on=kwargs.pop("closes_on", today + timedelta(days=14)),
        **kwargs,
    )


def submit_response(
    round_, *, role: str = "professional", value: int | None = 4, comment: str = ""
):
    """A submitted response answering every statement with ``value`` (and ``comment``)."""
    response, _token = services.response_start(round_=round_, role=role)
    # What this role is asked (some roles get fewer statements, see StatementWording).
    for _condition, statements in selectors.role_steps(round_.questionnaire_id, role):
        services.response_save_step(
            response=response,
            statements=statements,
            values={s.pk: value for s in statements},
            comment=comment,
        )
    services.response_submit(response=response)
    return response


def import_responses(round_, rows, *, finish: bool = True, imported: bool = False) -> int:
    """rows: (role, {statement code: value}) pairs, stored fast through the import service.

    By default they become link responses (as if each had been filled in through the link),
    since thresholds count only those (evaluation/disclosure.py); ``imported=True`` keeps them
    imported, as the import page stores them. Then the round is closed (``finish``), since
    results appear only after a round has ended; ``finish=False`` keeps it running.
    """
    from evaluation.aggregates import round_aggregates_store
    from evaluation.models import Response, RoundEvent

    before = set(Response.objects.filter(round=round_).values_list("pk", flat=True))
    events = set(RoundEvent.objects.filter(round=round_).values_list("pk", flat=True))
    count = services.responses_import(
        round_=round_,
        rows=[services.ImportRow(role=p, values=values) for p, values in rows],
    )
    if not imported:
        with transaction.atomic():
            Response.objects.filter(round=round_).exclude(pk__in=before).update(imported=False)
            RoundEvent.objects.filter(round=round_).exclude(pk__in=events).delete()
            round_aggregates_store(round_)
    if finish:
        finish_round(round_)
    return count


def past_round(*, team, questionnaire, title, opens_on, closes_on, rows):
    """A round that ran in the past with imported ``rows``: made open today (a round that has
    ended takes no responses), filled, closed, and then moved to its dates."""
    round_ = make_round(team=team, questionnaire=questionnaire, title=title)
    import_responses(round_, rows)
    closed_at = timezone.make_aware(datetime.combine(closes_on, time(17, 0)))
    Round.objects.filter(pk=round_.pk).update(
        opens_on=opens_on, closes_on=closes_on, closed_at=closed_at
    )
    round_.refresh_from_db()
    return round_


def finish_round(round_):
    """Closes the round, so its results may be shown (evaluation/disclosure.py)."""
    return services.round_close(round_=round_)


def reopen_round(round_):
    """Opens an ended round again until today, as a coordinator would for late responses."""
    return services.round_reopen(round_=round_, closes_on=timezone.localdate())


def scores(man: int, bud: int) -> dict:
    """Answers for a questionnaire of the conditions MAN and BUD made by QuestionnaireFactory.

    Statement 2 of each condition is reverse-keyed: (4, 2) scores 75 on both statements.
    """
    return {"MAN-1": man, "MAN-2": 6 - man, "BUD-1": bud, "BUD-2": 6 - bud}
