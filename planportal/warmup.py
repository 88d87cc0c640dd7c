"""Work every worker would otherwise do on its first request, done once before it starts.

gunicorn loads the application in its master (``preload_app``) and forks the workers from it,
so what :func:`warm_up` loads there every worker, and every worker recycled later, starts
with: the URL configuration (which imports every view, serializer and filter), the translation
catalogues of each language, the URL reversers per language and the portal's own templates.
Without it the first requests of each fresh worker waited 0.2–0.8 s on these imports, which
showed as the slowest answers of a busy server.

Nothing here touches the database or the cache: connections opened in the master would be
shared by the forked workers.
"""

from pathlib import Path

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.template import TemplateDoesNotExist, engines
from django.urls import get_resolver
from django.utils import translation


def project_templates():
    """Names of the templates in the project's own template folders."""
    names = []
    for engine in settings.TEMPLATES:
        for folder in map(Path, engine.get("DIRS", [])):
            names += sorted(str(path.relative_to(folder)) for path in folder.rglob("*.html"))
    return names


def warm_up():
    """Import the URL configuration, load each language's catalogue and reversers, compile the
    project's templates. Returns the number of templates compiled."""
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports every URL module and the views they name
    is_language_prefix_patterns_used(settings.ROOT_URLCONF)
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("")
            resolver.reverse_dict  # noqa: B018 - the reverse lookup tables, per language
    compiled = 0
    for engine in engines.all():
        for name in project_templates():
            try:
                engine.get_template(name)
            except TemplateDoesNotExist:  # another engine's template
                continue
            compiled += 1
    return compiled
