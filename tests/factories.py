"""Factories for test data. Traits name the variants the tests need."""

import factory

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
