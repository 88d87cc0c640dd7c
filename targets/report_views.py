"""Downloads of the evaluation report (.xlsx, .docx) of a plan as at a year.

``/targets/report/<year>.<format>?plan=<code>``: the report of the plan's evaluation of that
year (as signed off, if it is), or, while none has been started, the figures as they stand,
marked as a draft. Anyone who may read the plan may download it, as the evaluation pages.
"""

from io import BytesIO

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from planportal.context_processors import selected_plan
from planportal.excel import content_disposition
from targets.reports import (
    CONTENT_TYPES,
    FORMATS,
    evaluation_report_data,
    report_filename,
    write_report,
)


def report_response(data, fmt):
    """The report ``data`` as a download in ``fmt``, under its Chinese file name."""
    stream = BytesIO()
    write_report(data, stream, fmt)
    response = HttpResponse(stream.getvalue(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(report_filename(data, fmt))
    return response


@require_safe
def evaluation_report(request, year, fmt):
    """The evaluation report of the selected plan as at ``year``, as .xlsx or .docx."""
    plan = selected_plan(request)
    if fmt not in FORMATS or not plan.period_start <= year <= plan.period_end:
        raise Http404
    return report_response(evaluation_report_data(plan, year), fmt)
