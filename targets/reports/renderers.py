"""``?format=xlsx`` and ``?format=docx`` on ``/api/v1/evaluations/<id>/report/``.

The action answers the report data (``targets.evaluation.report_data``) in JSON; these
renderers write the same data as the report files, under the report's Chinese file name.
Errors stay JSON, like the rest of the API.
"""

from io import BytesIO

from rest_framework.renderers import BaseRenderer, JSONRenderer

from planportal.excel import content_disposition
from targets.reports import CONTENT_TYPES, report_filename, write_report


class ReportRenderer(BaseRenderer):
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        response = context.get("response")
        if response is not None and response.status_code >= 400:
            response["Content-Type"] = JSONRenderer.media_type
            return JSONRenderer().render(data, JSONRenderer.media_type, context)
        stream = BytesIO()
        write_report(data, stream, self.format)
        if response is not None:
            response["Content-Disposition"] = content_disposition(
                report_filename(data, self.format)
            )
        return stream.getvalue()


class ReportXLSXRenderer(ReportRenderer):
    media_type = CONTENT_TYPES["xlsx"]
    format = "xlsx"


class ReportDOCXRenderer(ReportRenderer):
    media_type = CONTENT_TYPES["docx"]
    format = "docx"


REPORT_RENDERERS = [ReportXLSXRenderer, ReportDOCXRenderer]
