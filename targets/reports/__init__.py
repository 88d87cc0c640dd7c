"""The evaluation report as files: an Excel workbook and a Word document.

Both are written from the report data of ``targets.evaluation`` (a signed evaluation's frozen
snapshot, else a fresh one): the files never query the database, so a signed report reads the
same whenever it is downloaded, and a draft says it is one.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext

from targets.evaluation import build_snapshot, report_data
from targets.models import Evaluation
from targets.reports.docx import DOCX_CONTENT_TYPE, write_document
from targets.reports.xlsx import XLSX_CONTENT_TYPE, write_workbook

WRITERS = {"xlsx": write_workbook, "docx": write_document}
CONTENT_TYPES = {"xlsx": XLSX_CONTENT_TYPE, "docx": DOCX_CONTENT_TYPE}
FORMATS = tuple(WRITERS)


def evaluation_report_data(plan, year):
    """The report of ``plan`` as at ``year``: its evaluation's (the frozen snapshot once signed,
    else its text with figures computed now), or, while no evaluation has been started, the
    figures computed now with empty sections: a draft. In the project's language (Chinese).
    """
    evaluation = (
        Evaluation.objects.filter(plan=plan, year=year).select_related("plan", "signed_off_by")
    ).first()
    if evaluation is not None:
        return report_data(evaluation)
    with translation.override(settings.LANGUAGE_CODE):
        return build_snapshot(plan, year)


def write_report(data, stream, fmt):
    """Write the report ``data`` to the binary ``stream`` as ``fmt`` ("xlsx" or "docx")."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"Unknown report format: {fmt!r}") from None
    writer(data, stream)


def report_filename(data, fmt):
    """The file name of a report: the plan's code, the year and the kind; a draft says so."""
    values = {"code": data["plan"]["code"], "year": data["year"], "kind": data["kind_label"]}
    if data.get("signed_off_at"):
        name = pgettext("evaluation report", "%(code)s %(year)s %(kind)s report") % values
    else:
        name = pgettext("evaluation report", "%(code)s %(year)s %(kind)s report (draft)") % values
    return f"{name}.{fmt}"
