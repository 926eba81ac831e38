"""Forms of the coordinator's round pages: a new round, its facts, the import, the invitation
by mail and a reopening. They validate; they never write.
"""

from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..forms import DayField, NumberField, ObjectField, WholeNumberField
from ..models import Questionnaire, Round
from ..services import RoundFacts

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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
        widgets: dict[str, type[forms.Widget] | forms.Widget] = {
            "budget_available": forms.RadioSelect
        }
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
        budget_available = self.fields["budget_available"]
        assert isinstance(budget_available, forms.ChoiceField)  # a model field with choices
        # A model field's choices, which Django keeps as a list (the stub allows more).
        choices = cast("list[tuple[str, StrOrPromise]]", budget_available.choices)
        budget_available.choices = [c for c in choices if c[0]]
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
        assert data is not None  # a ModelForm's clean returns its cleaned_data
        low, high = data.get("bandwidth_low"), data.get("bandwidth_high")
        if low is not None and high is not None and low > high:
            self.add_error(
                "bandwidth_high", _("De bovengrens moet minstens zo hoog zijn als de ondergrens.")
            )
        return data

    def facts(self) -> RoundFacts:
        values: dict[str, Any] = {field: self.cleaned_data.get(field) for field in FACT_FIELDS}
        return RoundFacts(**values)


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
        questionnaire = self.fields["questionnaire"]
        assert isinstance(questionnaire, forms.ModelChoiceField)  # ObjectField
        questionnaire.queryset = published
        questionnaire.empty_label = None
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
                ngettext(
                    "Dit adres klopt niet: %(wrong)s",
                    "Deze adressen kloppen niet: %(wrong)s",
                    len(wrong),
                ),
                params={"wrong": ", ".join(wrong[:10])},
            )
        return addresses


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


class ShareCommentsForm(forms.Form):
    """The wanted state of sharing, not a toggle: two tabs or a double click post the same."""

    shared = forms.TypedChoiceField(
        label=_("Opmerkingen delen met de gemeente"),
        choices=[("1", _("delen")), ("0", _("niet delen"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Kies of de opmerkingen gedeeld worden."),
            "invalid_choice": _("Kies of de opmerkingen gedeeld worden."),
        },
    )


class RedactCommentForm(forms.Form):
    """Which comment to take out: its condition and the SHA-256 of its text (no id: ids tell
    the order in which comments were written)."""

    condition = forms.IntegerField(widget=forms.HiddenInput)
    text_hash = forms.CharField(max_length=64, min_length=64, widget=forms.HiddenInput)
