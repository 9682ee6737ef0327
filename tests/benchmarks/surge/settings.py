"""Settings of the servers under load: the production settings, with static files collected elsewhere.

Only STATIC_ROOT differs, so that `collectstatic` (which the manifest storage needs when
PRODUCTION is on) writes into the run's own folder and not into the shared checkout.
"""

import os
from pathlib import Path

from config.settings.base import *  # noqa: F403

STATIC_ROOT = Path(os.environ["SURGE_STATIC_ROOT"])
