"""Forms of the scan: the respondent's role and one step's answers. They validate; they never
write.
"""

from typing import TYPE_CHECKING, cast

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ..constants import (
    COMMENT_MAX_LENGTH,
    DONT_KNOW,
    LIKERT_CHOICES,
    NOT_APPLICABLE,
    Role,
)
from ..identifying import identifying_reasons
from ..models import Statement
from ..services import comment_too_long_message

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


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
                label=statement.label,
                help_text=statement.explanation_label,
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

        # Shown (and needed) only after a comment was flagged as possibly naming someone.
        self.fields["comment_checked"] = forms.BooleanField(
            label=_("Ik heb mijn toelichting nagekeken: zo kan hij blijven."),
            required=False,
        )

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"]
        if len(comment) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(comment_too_long_message(len(comment)), "max_length")
        reasons = identifying_reasons(comment)
        if reasons and not self.data.get("comment_checked"):
            # Warned in the step, before anything is saved: the respondent decides.
            raise forms.ValidationError(
                _(
                    "Je toelichting lijkt iets te bevatten waaraan iemand te herkennen is "
                    "(%(what)s). Het team en misschien de gemeente lezen dit. Haal het weg, of "
                    "vink hieronder aan dat het zo kan blijven."
                )
                % {"what": ", ".join(str(reason) for reason in reasons)},
                "identifying",
            )
        return comment

    @property
    def comment_flagged(self) -> bool:
        """Whether the comment was held back because it may name someone."""
        return any(
            error.code == "identifying" for error in self.errors.as_data().get("comment", [])
        )

    def statement_rows(self) -> list[dict]:
        """Per statement: its bound field, its errors and its options (value, label, id,
        checked), in the order of the field's choices."""
        rows = []
        for statement in self.statements:
            bound = self[_statement_field_name(statement)]
            field = bound.field
            assert isinstance(field, forms.ChoiceField)  # made in __init__
            # Set from a list in __init__, so Django keeps a list (the stub allows more).
            choices = cast("list[tuple[str, StrOrPromise]]", field.choices)
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
                        for index, (value, label) in enumerate(choices)
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

    def values(self, *, partial: bool = False) -> dict[int, int | str | None]:
        """Statement id -> 1–5, None ("weet ik niet") or NOT_APPLICABLE. ``partial``: only the
        statements answered validly so far (a draft of an unfinished step)."""
        result: dict[int, int | str | None] = {}
        for statement in self.statements:
            name = _statement_field_name(statement)
            if partial and not self.cleaned_data.get(name):
                continue
            choice = self.cleaned_data[name]
            if choice == DONT_KNOW:
                result[statement.pk] = None
            elif choice == NOT_APPLICABLE:
                result[statement.pk] = NOT_APPLICABLE
            else:
                result[statement.pk] = int(choice)
        return result


class MailLinkForm(forms.Form):
    """Where to mail the personal resume link (the address is not stored: scan/mail.py)."""

    address = forms.EmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        help_text=_("We gebruiken het alleen om dit ene bericht te versturen en bewaren het niet."),
        error_messages={
            "required": _("Vul je e-mailadres in."),
            "invalid": _("Vul een e-mailadres in zoals naam@voorbeeld.nl."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
