"""Forms of the gemeente's pages. They validate; they never write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import ActionStatus, TeamKind
from ..models import ActionPoint
from .rounds import ROUND_SCOPES, ROUNDS_FINISHED


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
        periode = self.fields["periode"]
        assert isinstance(periode, forms.ChoiceField)
        periode.choices = [("", _("Laatste ronde van elk team")), *periods]


class GemeenteFilterForm(OverviewFilterForm):
    """The overview's filters (GET): period, kind of team, which rounds an export lists, and the
    heatmap's order. Unknown values are errors, never a 500."""

    rondes = forms.ChoiceField(
        label=_("Rondes in de export"),
        required=False,
        choices=ROUND_SCOPES,
        initial=ROUNDS_FINISHED,
    )
    sorteer = forms.ChoiceField(label=_("Sorteren"), required=False)

    def __init__(self, *args, sort_keys: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        sorteer = self.fields["sorteer"]
        assert isinstance(sorteer, forms.ChoiceField)
        sorteer.choices = [("", "")] + [(key, key) for key in sort_keys]


class ActionAnswerForm(forms.ModelForm):
    """The gemeente's answer to an action point addressed to it, and its status."""

    class Meta:
        model = ActionPoint
        fields = ["answer", "status"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 4})}
        labels = {"answer": _("Antwoord van de gemeente"), "status": _("Status")}
        help_texts = {
            "answer": _(
                "Staat bij het actiepunt op de pagina van de gemeente en in de export; "
                "schrijf het zo dat het team het kan lezen."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)  # a model field with choices
        status.choices = ActionStatus.choices
