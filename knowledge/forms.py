from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import LessonKind
from .models import Condition, Project, Theme


class LessonFilterForm(forms.Form):
    """Search and filters of the lesson list (GET). Unknown values give a field error."""

    q = forms.CharField(label=_("Zoeken"), required=False, max_length=200)
    voorwaarde = forms.ModelChoiceField(
        label=_("Voorwaarde"),
        queryset=Condition.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle voorwaarden"),
    )
    thema = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle thema's"),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle projecten"),
    )
    soort = forms.ChoiceField(
        label=_("Soort les"),
        choices=[("", _("Alle soorten")), *LessonKind.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("bijv. budget, huisarts, vertrouwen")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = True
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(Column("q", css_class="col-md-12")),
            Row(
                Column("voorwaarde", css_class="col-md-3"),
                Column("thema", css_class="col-md-3"),
                Column("project", css_class="col-md-3"),
                Column("soort", css_class="col-md-3"),
            ),
            Submit("", _("Zoeken"), css_class="btn-primary"),
        )

    def filters(self) -> dict:
        """The valid filters only, so one bad value does not discard the others."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "text": data.get("q") or "",
            "condition": data.get("voorwaarde"),
            "theme": data.get("thema"),
            "project": data.get("project"),
            "kind": data.get("soort") or "",
        }
