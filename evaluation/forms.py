"""What every flow's forms share: fields that read only ASCII digits, and the confirmation of a
destructive step. Each flow keeps its own forms beside its views; forms validate, services
write.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .parsing import has_foreign_digits


class _OnlyAsciiDigits(forms.Field):
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


class ConfirmForm(forms.Form):
    """An empty form: the POST itself is the confirmation (CSRF-protected)."""
