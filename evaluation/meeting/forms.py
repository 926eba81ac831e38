"""Forms of the teamgesprek: the team's agreed view of a condition. They validate; they never
write.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import (
    AgreedViewChoice,
)


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
