"""``manage.py evaluation_report``: the evaluation report of a plan as .xlsx or .docx."""

from io import BytesIO
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planportal.models import Plan
from targets.reports import FORMATS, evaluation_report_data, write_report


class Command(BaseCommand):
    help = (
        "Write the evaluation report of --plan as at --year to -o FILE: an Excel workbook "
        "(.xlsx) or a Word document (.docx), by the file's extension. The report of the "
        "evaluation staff wrote for that year (as signed off, if it is); without one, the "
        "figures as they stand now, marked as a draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="Code of the plan.")
        parser.add_argument(
            "--year", required=True, type=int, help="Year evaluated, within the plan's period."
        )
        parser.add_argument(
            "-o", "--output", required=True, help="File to write: a name ending .xlsx or .docx."
        )

    def handle(self, *args, **options):
        path = Path(options["output"])
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError(
                f"Cannot tell the format from “{path.name}”: the file must end with "
                + " or ".join(f".{name}" for name in FORMATS)
                + "."
            )
        plan = Plan.objects.by_code(options["plan"])
        if plan is None:
            raise CommandError(f"There is no plan with the code “{options['plan']}”.")
        year = options["year"]
        if not plan.period_start <= year <= plan.period_end:
            raise CommandError(
                f"{year} is not a year of the plan's period "
                f"({plan.period_start}-{plan.period_end})."
            )
        data = evaluation_report_data(plan, year)
        buffer = BytesIO()
        write_report(data, buffer, fmt)
        try:
            path.write_bytes(buffer.getvalue())
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
        state = f"signed off by {data['signed_off_by']}" if data.get("signed_off_at") else "a draft"
        self.stdout.write(
            self.style.SUCCESS(f"Wrote the {year} report of “{plan.code}” ({state}) to {path}.")
        )
