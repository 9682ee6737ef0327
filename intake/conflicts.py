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


def formset_changes_since(submitted: forms.BaseModelFormSet, current: forms.BaseModelFormSet) -> list[Change]:
    """List what changed in a list of records (episodes, debts) since `submitted` was opened.

    The records and their order are those of the forms the page was opened with (each form's
    posted id, by index); the current ones are the stored ones. An entry added, removed or
    moved meanwhile lists the whole list as it is now; a field changed in an entry both still
    have is listed under that entry, when its form keeps the values it was opened with.
    """
    pk_name = submitted.model._meta.pk.name
    opened_with = [
        str(form[pk_name].value() or "") for form in submitted.forms[: submitted.initial_form_count()]
    ]
    now = list(current.get_queryset())
    changes = []
    if opened_with != [str(obj.pk) for obj in now]:
        label = str(submitted.model._meta.verbose_name_plural)
        changes.append(
            Change(
                label=label[:1].upper() + label[1:],
                now="; ".join(f"{number}. {obj}" for number, obj in enumerate(now, start=1)) or "—",
            )
        )
    fresh_by_pk = {str(form.instance.pk): (index, form) for index, form in enumerate(current.forms)}
    for form in submitted.forms[: submitted.initial_form_count()]:
        found = fresh_by_pk.get(str(form[pk_name].value() or ""))
        if found is None:
            continue
        index, fresh = found
        for change in changes_since(form, fresh):
            changes.append(Change(label=f"{index + 1}. {fresh.instance}: {change.label}", now=change.now))
    return changes
