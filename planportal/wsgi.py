"""WSGI entry point (gunicorn planportal.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planportal.settings")

application = get_wsgi_application()

# gunicorn preloads this module in its master: the workers it forks start warm.
from planportal.warmup import warm_up  # noqa: E402 - needs the settings configured above

warm_up()

# Everything loaded so far lives as long as the process: keep it out of the garbage
# collector's full passes (which otherwise walk it on every one, 0.2–0.3 s each under load)
# and out of the forked workers' copy-on-write pages.
gc.collect()
gc.freeze()
