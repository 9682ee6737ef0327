"""What changed in a record while someone had it open: shown when their save is refused."""

from dataclasses import dataclass

from django import forms


@dataclass(frozen=True)
class Change:
    label: str
    now: str


def _display(field: forms.Field, value) -> str:
    if value in (None, "", [], ()):
        return "—"
    if isinstance(field, forms.ModelMultipleChoiceField):
        ids = {str(getattr(v, "pk", v)) for v in value}
        return ", ".join(str(obj) for obj in field.queryset.filter(pk__in=ids)) or "—"
    if isinstance(field, forms.ModelChoiceField):
        pk = getattr(value, "pk", value)
        return str(field.queryset.filter(pk=pk).first() or "—")
    if isinstance(field, forms.BooleanField):
        return "✓" if value else "✗"
    choices = dict(getattr(field, "choices", []) or [])
    if choices and not isinstance(value, list | tuple):
        return str(choices.get(value, value))
    if isinstance(value, list | tuple):
        return ", ".join(str(dict(getattr(field, "choices", [])).get(v, v)) for v in value)
    return str(value)


def changes_since(submitted: forms.Form, current: forms.Form) -> list[Change]:
    """List the fields whose stored value now differs from the one `submitted` was opened with."""
    changes = []
    for name, field in submitted.fields.items():
        if not field.show_hidden_initial:
            continue
        widget = field.hidden_widget()
        opened_with = widget.value_from_datadict(
            submitted.data, submitted.files, submitted.add_initial_prefix(name)
        )
        now = current.get_initial_for_field(field, name)
        try:
            differs = field.has_changed(now, opened_with)
        except forms.ValidationError:
            differs = True
        if differs:
            changes.append(Change(label=str(field.label), now=_display(field, now)))
    return changes
