"""Forms validate input; services write it."""

from datetime import timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .constants import (
    COMMENT_MAX_LENGTH,
    DONT_KNOW,
    LIKERT_CHOICES,
    NOT_APPLICABLE,
    ActionStatus,
    AgreedViewChoice,
    Lever,
    Role,
    TeamKind,
)
from .models import ActionPoint, Questionnaire, Round, Statement
from .parsing import has_foreign_digits
from .services import RoundFacts, comment_too_long_message


class _OnlyAsciiDigits:
    """Refuses digits other than 0–9 ("²", "٣"), which ``int`` and ``Decimal`` would accept
    or choke on; see evaluation/parsing.py."""

    def to_python(self, value):
        if isinstance(value, str) and has_foreign_digits(value):
            raise forms.ValidationError(_("Gebruik alleen de cijfers 0 tot en met 9."), "invalid")
        return super().to_python(value)


class WholeNumberField(_OnlyAsciiDigits, forms.IntegerField):
    pass


class NumberField(_OnlyAsciiDigits, forms.DecimalField):
    pass


class DayField(_OnlyAsciiDigits, forms.DateField):
    pass


class ObjectField(_OnlyAsciiDigits, forms.ModelChoiceField):
    pass


FACT_FIELDS = [
    "fte",
    "households",
    "bandwidth_low",
    "bandwidth_high",
    "budget_available",
    "budget_per_year",
    "budget_days",
]
FACT_HELP = {
    "fte": _("Het aantal fte van het hele team, bijvoorbeeld 8,5."),
    "households": _("Hoeveel huishoudens het team op dit moment begeleidt."),
    "bandwidth_low": _(
        "Stap 1 van het caseload-denkkader: bij hoeveel huishoudens per fte heeft het team "
        "nog ruimte over?"
    ),
    "bandwidth_high": _(
        "En boven hoeveel huishoudens per fte lukt goed werk niet meer? Samen vormen ze de "
        "eigen bandbreedte."
    ),
    "budget_available": _(
        "Kan het team zelf geld inzetten voor een gezin, zonder aanvraag bij een ander loket?"
    ),
    "budget_per_year": _("Een schatting is genoeg."),
    "budget_days": _("Hoeveel dagen zitten er meestal tussen de vraag en de inzet van het geld?"),
}


class RoundFactsForm(forms.ModelForm):
    """The facts the coordinator gives: caseload denkkader and teambudget. All optional."""

    class Meta:
        model = Round
        fields = FACT_FIELDS
        help_texts = FACT_HELP
        widgets = {"budget_available": forms.RadioSelect}
        field_classes = {
            "fte": NumberField,
            "households": WholeNumberField,
            "bandwidth_low": WholeNumberField,
            "bandwidth_high": WholeNumberField,
            "budget_per_year": WholeNumberField,
            "budget_days": WholeNumberField,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget_available"].choices = [
            c for c in self.fields["budget_available"].choices if c[0]
        ]
        # Dutch users write 8,5: accept the decimal comma.
        self.fields["fte"].localize = True
        self.fields["fte"].widget.is_localized = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Caseload"), "fte", "households", "bandwidth_low", "bandwidth_high"),
            Fieldset(_("Teambudget"), "budget_available", "budget_per_year", "budget_days"),
        )

    def clean_fte(self):
        fte = self.cleaned_data.get("fte")
        if fte is not None and fte <= 0:
            raise forms.ValidationError(_("Vul een formatie groter dan 0 in."))
        return fte

    def clean(self):
        data = super().clean()
        low, high = data.get("bandwidth_low"), data.get("bandwidth_high")
        if low is not None and high is not None and low > high:
            self.add_error(
                "bandwidth_high", _("De bovengrens moet minstens zo hoog zijn als de ondergrens.")
            )
        return data

    def facts(self) -> RoundFacts:
        return RoundFacts(**{field: self.cleaned_data.get(field) for field in FACT_FIELDS})


class RoundForm(RoundFactsForm):
    """A new round: title, period, questionnaire version, and optionally the facts."""

    class Meta(RoundFactsForm.Meta):
        fields = ["title", "opens_on", "closes_on", "questionnaire", *FACT_FIELDS]
        widgets = {
            **RoundFactsForm.Meta.widgets,
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        field_classes = {
            **RoundFactsForm.Meta.field_classes,
            "opens_on": DayField,
            "closes_on": DayField,
            "questionnaire": ObjectField,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        published = Questionnaire.objects.filter(is_published=True)
        self.fields["questionnaire"].queryset = published
        self.fields["questionnaire"].empty_label = None
        # The newest published version is the default; older ones stay choosable (e.g. to
        # compare statement by statement with an earlier round).
        newest = published.order_by("-version", "key").first()
        if newest is not None:
            self.initial.setdefault("questionnaire", newest.pk)
        self.fields["title"].widget.attrs["placeholder"] = _("bijv. Voorjaar 2027")
        self.initial.setdefault("opens_on", today)
        self.initial.setdefault("closes_on", today + timedelta(days=21))
        self.helper.layout = Layout(
            Fieldset(_("Ronde"), "title", "opens_on", "closes_on", "questionnaire"),
            *self.helper.layout.fields,
        )

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("De einddatum ligt voor de begindatum."))
        if closes_on and closes_on < timezone.localdate():
            self.add_error("closes_on", _("De einddatum ligt in het verleden."))
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Vanuit welke rol vul je de scan in?"),
        help_text=_(
            "Inwoners en ouders krijgen een korte vragenlijst in eenvoudige taal over wat zij "
            "van het team merken. Werk je als ervaringsdeskundige mee in het team? Kies dan "
            "'Professional'."
        ),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies je rol om te beginnen.")},
    )
    # Rendered by a plain template (templates/scan/start.html), like the answer scale.


def _statement_field_name(statement: Statement) -> str:
    return f"stelling-{statement.pk}"


class StepForm(forms.Form):
    """One step of the scan: the statements of one condition and an optional comment.

    Rendered by a plain template (templates/scan/step.html, from ``statement_rows``), not by
    crispy: this is the hot path of the app. Whatever choices a statement's field has are shown,
    in their order.
    """

    comment_max_length = COMMENT_MAX_LENGTH

    @property
    def comment_max_display(self) -> str:
        return number_format(COMMENT_MAX_LENGTH, force_grouping=True)

    def __init__(self, *args, statements: list[Statement], plain: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.statements = statements
        choices = [(str(value), label) for value, label in LIKERT_CHOICES]
        choices.append((DONT_KNOW, _("Weet ik niet")))
        # Follow-ups that assume something not every team has get a way out.
        with_not_applicable = [*choices, (NOT_APPLICABLE, _("Niet van toepassing"))]
        for statement in statements:
            self.fields[_statement_field_name(statement)] = forms.ChoiceField(
                label=statement.text,
                help_text=statement.explanation,
                choices=with_not_applicable if statement.may_not_apply else choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Kies een antwoord of 'weet ik niet'."),
                    "invalid_choice": _("Kies een van de antwoorden."),
                },
            )
        # No max_length here: the browser would cut a pasted text without a word. The length
        # is checked in clean_comment, with a message that says how long it is.
        # ``plain``: the plain-Dutch (B1) version for families.
        self.fields["comment"] = forms.CharField(
            label=_("Wil je nog iets vertellen? (hoeft niet)")
            if plain
            else _("Wil je iets toelichten? (niet verplicht)"),
            help_text=_(
                "Schrijf geen namen op. Het team leest dit pas als genoeg mensen de vragenlijst "
                "hebben ingevuld."
            )
            if plain
            else _(
                "Zet er geen namen of andere gegevens in waaraan iemand te herkennen is. "
                "Opmerkingen worden pas getoond als genoeg teamleden de scan hebben ingevuld."
            ),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"]
        if len(comment) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(comment_too_long_message(len(comment)), "max_length")
        return comment

    def statement_rows(self) -> list[dict]:
        """Per statement: its bound field, its errors and its options (value, label, id,
        checked), in the order of the field's choices."""
        rows = []
        for statement in self.statements:
            bound = self[_statement_field_name(statement)]
            current = bound.value()
            current = None if current is None else str(current)
            rows.append(
                {
                    "statement": statement,
                    "field": bound,
                    "errors": bound.errors,
                    "first_id": f"{bound.auto_id}_0",
                    "options": [
                        {
                            "value": value,
                            "label": label,
                            "id": f"{bound.auto_id}_{index}",
                            "checked": str(value) == current,
                            # Not a point of the scale ("weet ik niet", ...): set apart.
                            "aside": not str(value).isdigit(),
                        }
                        for index, (value, label) in enumerate(bound.field.choices)
                    ],
                }
            )
        return rows

    @staticmethod
    def initial_for(
        statements: list[Statement], answers: dict[int, int | str | None], comment: str
    ):
        """The form's initial data from the stored answers (``choices_by_statement``)."""
        initial = {"comment": comment}
        for statement in statements:
            if statement.pk in answers:
                value = answers[statement.pk]
                initial[_statement_field_name(statement)] = (
                    DONT_KNOW if value is None else str(value)
                )
        return initial

    def values(self) -> dict[int, int | str | None]:
        """Statement id -> 1–5, None ("weet ik niet") or NOT_APPLICABLE."""
        result: dict[int, int | str | None] = {}
        for statement in self.statements:
            choice = self.cleaned_data[_statement_field_name(statement)]
            if choice == DONT_KNOW:
                result[statement.pk] = None
            elif choice == NOT_APPLICABLE:
                result[statement.pk] = NOT_APPLICABLE
            else:
                result[statement.pk] = int(choice)
        return result


class ImportForm(forms.Form):
    MAX_BYTES = 2 * 1024 * 1024

    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Eén rij per respondent: een kolom 'rol', één kolom per stellingcode en eventueel "
            "een kolom opmerking-CODE per voorwaarde. Laat een cel leeg voor 'weet ik niet'. "
            "Bij stellingen die 'niet van toepassing' bieden mag ook 'nvt', 'n.v.t.' of "
            "'niet van toepassing'. Komma of puntkomma als scheidingsteken."
        ),
    )

    def __init__(self, *args, too_large: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The upload was stopped at the limit while it was read (iww.uploads): no file arrived.
        self.too_large = too_large
        self.fields["file"].required = not too_large
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if self.too_large or upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 2 MB."))
        return upload


class InviteForm(forms.Form):
    """Addresses to send the link to. Kept only until the worker has mailed them."""

    addresses = forms.CharField(
        label=_("E-mailadressen"),
        help_text=_(
            "Eén adres per regel (of gescheiden door komma's), hoogstens 200. De adressen "
            "worden alleen gebruikt om de link te versturen en gewist zodra dat is gebeurd. "
            "Wie de uitnodiging voor deze ronde al kreeg, krijgt haar niet nog eens."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_addresses(self) -> list[str]:
        raw = self.cleaned_data["addresses"].replace(",", "\n").replace(";", "\n")
        addresses = list(dict.fromkeys(a.strip() for a in raw.splitlines() if a.strip()))
        if not addresses:
            raise forms.ValidationError(_("Vul minstens één e-mailadres in."))
        if len(addresses) > 200:
            raise forms.ValidationError(_("Vul hoogstens 200 adressen in."))
        wrong = []
        for address in addresses:
            try:
                validate_email(address)
            except forms.ValidationError:
                wrong.append(address)
        if wrong:
            raise forms.ValidationError(
                _("Deze adressen kloppen niet: %(wrong)s"), params={"wrong": ", ".join(wrong[:10])}
            )
        return addresses


class ConfirmForm(forms.Form):
    """An empty form: the POST itself is the confirmation (CSRF-protected)."""


class ReopenForm(forms.Form):
    """Reopening an ended round: until when it takes responses again."""

    closes_on = DayField(
        label=_("Open tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Vanaf vandaag; daarna sluit de ronde vanzelf."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("closes_on", timezone.localdate() + timedelta(days=7))
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate():
            raise forms.ValidationError(_("Kies een einddatum vanaf vandaag."))
        return closes_on


class ActionPointForm(forms.ModelForm):
    """An action point: what, who must act, who picks it up, by when, how far, and the lesson
    it came from. The lesson, if any, must be one shown for the chosen condition; a new action
    point cannot be due in the past."""

    class Meta:
        model = ActionPoint
        fields = ["condition", "lesson", "description", "actor", "owner", "due_date", "status"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"condition": ObjectField, "lesson": ObjectField, "due_date": DayField}

    def __init__(self, *args, lessons=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["condition"].empty_label = None
        # The lessons the results page shows, each labelled with why it is shown there.
        whys = {lesson.pk: getattr(lesson, "why", "") for lesson in lessons or []}
        field = self.fields["lesson"]
        field.queryset = field.queryset.filter(pk__in=list(whys))
        field.required = False
        field.empty_label = _("Geen (eigen idee)")
        field.label_from_instance = lambda lesson: (
            f"{lesson.title} — {whys[lesson.pk]}" if whys.get(lesson.pk) else lesson.title
        )
        field.help_text = _(
            "De lessen die bij jullie uitkomsten horen; achter elke les staat waarom."
        )
        self.fields["actor"].required = False  # the team, unless someone else must act
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        lesson, condition = data.get("lesson"), data.get("condition")
        if lesson and condition and not lesson.conditions.filter(pk=condition.pk).exists():
            self.add_error("lesson", _("Deze les hoort niet bij de gekozen voorwaarde."))
        return data

    def clean_actor(self) -> str:
        return self.cleaned_data.get("actor") or Lever.TEAM

    def clean_due_date(self):
        due = self.cleaned_data.get("due_date")
        # Only when created: an old action point may be past its date (that is the signal).
        if due is not None and self.instance.pk is None and due < timezone.localdate():
            raise forms.ValidationError(_("Kies een datum vandaag of later."), "past")
        return due


class AgreedViewForm(forms.Form):
    """The team's agreed view of one condition's measured score (teamgesprek)."""

    view = forms.ChoiceField(
        label=_("Wat vindt het team van deze score?"),
        choices=AgreedViewChoice.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Waarom? (één zin)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ActionStatusForm(forms.Form):
    """The status of each of the previous round's open action points, asked at the start of
    the next teamgesprek. One field per action point: ``status-<id>``."""

    def __init__(self, *args, actions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.actions = list(actions)
        for action in self.actions:
            self.fields[f"status-{action.pk}"] = forms.ChoiceField(
                label=action.description,
                choices=ActionStatus.choices,
                initial=action.status,
            )

    def statuses(self) -> list[tuple[object, str]]:
        """(action point, new status) for every action point in the form."""
        return [(a, self.cleaned_data[f"status-{a.pk}"]) for a in self.actions]


class OverviewFilterForm(forms.Form):
    """Filters of the gemeente overview (GET). Unknown values are errors, never a 500."""

    periode = forms.ChoiceField(label=_("Periode"), required=False)
    soort = forms.ChoiceField(
        label=_("Soort team"),
        required=False,
        choices=[("", _("Alle soorten")), *list(TeamKind.choices)],
    )

    def __init__(self, *args, periods: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = [("", _("Laatste ronde van elk team")), *periods]
