"""Forms of the teamgesprek: the team's agreed view of a condition. They validate; they never
write.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import (
    AgreedViewChoice,
)
from ..results.forms import ActionPointForm


class AgreedViewForm(forms.Form):
    """The team's agreed view of one condition's measured score (teamgesprek)."""

    view = forms.ChoiceField(
        label=_("Wat vindt het team van deze score?"),
        choices=AgreedViewChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat het team van deze score vindt.")},
    )
    note = forms.CharField(
        label=_("Waarom? (één zin)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, view_required: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # "Vastleggen en verder" asks for a view; the other buttons of the step keep whatever
        # was typed and may go on without one.
        self.fields["view"].required = view_required
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("note") and not data.get("view") and "view" not in self.errors:
            # A reason without a view would be thrown away: ask for the view instead.
            self.add_error("view", _("Kies ook wat het team van deze score vindt."))
        return data


class MeetingActionForm(ActionPointForm):
    """A new action point on a step of the teamgesprek, part of the step's one form. Its
    condition is the one on the screen (never taken from the request). It counts as filled in
    only when something was written or chosen beyond the preset actor and status, so the step's
    other buttons save a new action point only when there is one."""

    TYPED = ("description", "lesson", "owner", "due_date")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        condition = self.fields["condition"]
        condition.widget = forms.HiddenInput()
        condition.disabled = True
        self.fields["description"].error_messages["required"] = _(
            "Schrijf op wat het actiepunt is."
        )

    def has_changed(self) -> bool:
        return any(name in self.changed_data for name in self.TYPED)
