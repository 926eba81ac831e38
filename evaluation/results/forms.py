"""Forms of the action points (on the results page and in the teamgesprek). They validate; they
never write.
"""

from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..constants import (
    ActionStatus,
    Lever,
)
from ..forms import DayField, ObjectField
from ..models import ActionPoint


class _LessonField(ObjectField):
    """A lesson, labelled with why the results page shows it (``whys``: lesson id -> line)."""

    whys: dict[int, str] = {}

    def label_from_instance(self, obj) -> str:
        return f"{obj.title} — {self.whys[obj.pk]}" if self.whys.get(obj.pk) else obj.title


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
        field_classes = {"condition": ObjectField, "lesson": _LessonField, "due_date": DayField}

    def __init__(self, *args, lessons=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        condition = self.fields["condition"]
        assert isinstance(condition, forms.ModelChoiceField)  # ObjectField
        condition.empty_label = None
        # The lessons the results page shows, each labelled with why it is shown there.
        whys = {lesson.pk: getattr(lesson, "why", "") for lesson in lessons or []}
        field = self.fields["lesson"]
        assert isinstance(field, _LessonField)
        assert field.queryset is not None  # the model's foreign key gives it
        field.queryset = field.queryset.filter(pk__in=list(whys))
        field.required = False
        field.empty_label = _("Geen (eigen idee)")
        field.whys = whys
        field.help_text = _(
            "De lessen die bij jullie uitkomsten horen; achter elke les staat waarom."
        )
        self.fields["actor"].required = False  # the team, unless someone else must act
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        data = super().clean()
        assert data is not None  # a ModelForm's clean returns its cleaned_data
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


class ActionStatusForm(forms.Form):
    """The status of each of the previous round's open action points, asked at the start of
    the next teamgesprek. One field per action point: ``status-<id>``."""

    def __init__(self, *args, actions: Iterable[ActionPoint] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.actions = list(actions)
        for action in self.actions:
            self.fields[f"status-{action.pk}"] = forms.ChoiceField(
                label=action.description,
                choices=ActionStatus.choices,
                initial=action.status,
            )

    def statuses(self) -> list[tuple[ActionPoint, str]]:
        """(action point, new status) for every action point in the form."""
        return [(a, self.cleaned_data[f"status-{a.pk}"]) for a in self.actions]
