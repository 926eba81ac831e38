from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import Evidence, LessonFact, LessonKind
from .models import Condition, Lesson, Project, Theme


class StatementCodesField(forms.CharField):
    """Statement codes typed as a comma-separated list ("VAS-3, CAS-2"), stored as a JSON list."""

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return ", ".join(value)
        return value

    # Cleans to a list, not a str: the same deliberate override as Django's SimpleArrayField
    # (its stub carries the same ignore).
    def to_python(self, value: object) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [code.strip().upper() for code in text.replace(";", ",").split(",") if code.strip()]


class LessonAdminForm(forms.ModelForm):
    """The lesson in the admin: statement codes as text, facts as checkboxes.

    The model validators still check the result (code format, known facts).
    """

    addresses_statements = StatementCodesField(
        label=_("Gaat over stellingen"),
        required=False,
        help_text=_("Stellingcodes uit de zelfscan, gescheiden door komma's, bijv. VAS-3, CAS-2."),
    )
    addresses_facts = forms.TypedMultipleChoiceField(
        label=_("Gaat over feiten"),
        choices=LessonFact.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Feiten uit de zelfscan waarop deze les ingaat."),
    )

    class Meta:
        model = Lesson
        fields = [
            "slug",
            "title",
            "text",
            "try_this",
            "kind",
            "evidence",
            "project",
            "conditions",
            "themes",
            "addresses_statements",
            "addresses_facts",
            "source",
            "section",
            "page",
            "literature",
        ]


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
    bewijskracht = forms.ChoiceField(
        label=_("Bewijskracht"),
        choices=[("", _("Alle bewijskracht")), *Evidence.choices],
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
                Column("voorwaarde", css_class="col-md-4"),
                Column("thema", css_class="col-md-4"),
                Column("project", css_class="col-md-4"),
            ),
            Row(
                Column("soort", css_class="col-md-4"),
                Column("bewijskracht", css_class="col-md-4"),
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
            "evidence": data.get("bewijskracht") or "",
        }
