"""Every task Celery beat schedules is one a worker knows: a renamed or moved task fails here."""

import pytest
from django.conf import settings

from config.celery import app


@pytest.mark.parametrize("entry", sorted(settings.CELERY_BEAT_SCHEDULE))
def test_every_beat_entry_names_a_task_the_worker_registers(entry):
    # What a worker does at start: import every installed app's tasks module (autodiscovery).
    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE[entry]["task"] in app.tasks
