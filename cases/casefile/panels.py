"""Panels a feature above cases adds to the case file (the referrals), registered from its AppConfig.ready.

The case file shows each registered panel its provider gives a context for; a provider that
returns None (the user may not see it) shows nothing. Cases never imports the feature.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from cases.models import Case

PanelContext = Callable[[HttpRequest, Case], "dict | None"]

_PANELS: list[tuple[str, PanelContext]] = []


def casefile_panel_register(*, template: str, context: PanelContext) -> None:
    """Add a panel to the case file: `template`, rendered with what `context(request, case)` returns."""
    if all(existing != template for existing, _ in _PANELS):
        _PANELS.append((template, context))


def casefile_panels(request: HttpRequest, case: Case) -> list[tuple[str, dict]]:
    """The registered panels `request.user` sees on `case`'s file, each with its context."""
    shown = []
    for template, context in _PANELS:
        panel = context(request, case)
        if panel is not None:
            shown.append((template, panel))
    return shown
