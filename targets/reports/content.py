"""What the workbook and the document of an evaluation report both say, and in which words.

The report data (``targets.evaluation``) carries figures as exact decimal strings and codes
with their labels; the headings, the status summary and the register tables are worded here
once, so the two files read alike.
"""

from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from targets.choices import GroupRole, Status

# The keys of the report's summary and the status each counts; "total" is not a status.
SUMMARY_STATUSES = {
    "met": Status.MET,
    "not_met": Status.NOT_MET,
    "within_range": Status.WITHIN,
    "within": Status.WITHIN,
    "below": Status.BELOW,
    "below_range": Status.BELOW,
    "above": Status.ABOVE,
    "above_range": Status.ABOVE,
    "no_data": Status.NO_DATA,
    "no_target": Status.NO_TARGET,
}


def number(value):
    """A figure of the report data as a Decimal: "1.5", "12,000", a rate "33.25 %"; None for
    none. Text that is no number stays as it is."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float, Decimal)):
        return value
    text = str(value).replace(",", "").removesuffix("%").strip()
    try:
        parsed = Decimal(text)
    except InvalidOperation:
        return value
    return parsed if parsed.is_finite() else value


def summary_rows(summary):
    """(label, count) of each status the report's summary counts, in its order, total apart."""
    rows = []
    for key, count in summary.items():
        if key == "total" or not isinstance(count, int) or isinstance(count, bool):
            continue
        status = SUMMARY_STATUSES.get(key)
        rows.append((str(status.label) if status else key, count))
    return rows


def status_heading():
    return _("Targets by status")


def summary_sentence(summary):
    """One sentence of the key figures: how many targets met, not met, within range, unknown."""
    return pgettext(
        "evaluation report",
        "Of the plan's %(total)s targets, %(met)s are met, %(not_met)s not met, "
        "%(within_range)s within their range and %(no_data)s without a figure.",
    ) % {
        "total": summary.get("total", 0),
        "met": summary.get("met", 0),
        "not_met": summary.get("not_met", 0),
        "within_range": summary.get("within_range", 0),
        "no_data": summary.get("no_data", 0),
    }


def target_groups(data):
    """The plan's own target tables of the report, in order."""
    return [g for g in data.get("groups", []) if g.get("role") != GroupRole.REVIEW]


def review_groups(data):
    """The plan's review of the previous plan (十三五), in order."""
    return [g for g in data.get("groups", []) if g.get("role") == GroupRole.REVIEW]


def indicator_headers(years):
    """The columns of a target table: the target, how its figure is formed, the figures."""
    return [
        _("No."),
        _("Indicator"),
        _("Unit"),
        _("Target"),
        _("Attribute"),
        _("Actual figure formed as"),
        _("Baseline"),
        _("Baseline year"),
        *[str(year) for year in years],
        _("Actual"),
        _("Completion (%)"),
        _("Status"),
        pgettext("evaluation report", "Reason"),
    ]


def indicator_row(indicator, years):
    """The cells of one indicator under ``indicator_headers(years)``, figures as Decimals."""
    values = indicator.get("values") or {}
    return [
        indicator.get("seq"),
        indicator.get("name"),
        indicator.get("unit"),
        indicator.get("target_text"),
        indicator.get("attribute_label"),
        indicator.get("aggregation_label"),
        number(indicator.get("baseline")),
        indicator.get("baseline_year"),
        *[number(values.get(str(year))) for year in years],
        number(indicator.get("actual")),
        number(indicator.get("completion")),
        indicator.get("status_label"),
        indicator.get("reason") or "",
    ]


def register_tables(registers):
    """The register summaries: (title, headers, rows) of each, rows with numbers as Decimals."""
    count = pgettext("evaluation report", "Number")
    area = _("Area (km²)")
    tables = [
        (
            pgettext("evaluation report", "Deposits by mineral"),
            [_("Mineral"), count],
            [
                [row.get("label"), row.get("count")]
                for row in registers.get("deposits_by_mineral", [])
            ],
        ),
        (
            pgettext("evaluation report", "Exploration rights by stage"),
            [_("Stage"), count, area],
            [
                [row.get("label"), row.get("count"), number(row.get("area_km2"))]
                for row in registers.get("exploration_rights_by_stage", [])
            ],
        ),
        (
            pgettext("evaluation report", "Mining rights by mineral"),
            [_("Mineral"), count, area],
            [
                [row.get("label"), row.get("count"), number(row.get("area_km2"))]
                for row in registers.get("mining_rights_by_mineral", [])
            ],
        ),
    ]
    return tables


def local_time(value):
    """An ISO date-time of the report data in the portal's time zone, to the minute."""
    moment = parse_datetime(str(value or ""))
    if moment is None:
        return str(value or "")
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d %H:%M")


def signature_text(data):
    """Who signed the report off and when, or that it is a draft."""
    if data.get("signed_off_at"):
        return pgettext("evaluation report", "Signed off by %(user)s on %(date)s") % {
            "user": data.get("signed_off_by") or "",
            "date": local_time(data["signed_off_at"])[:10],
        }
    return pgettext("evaluation report", "Not signed off: draft, figures as of %(date)s") % {
        "date": local_time(data.get("generated_at")),
    }


def report_title(data):
    """The report's title: the plan, the year and the kind (终期评估 …)."""
    return pgettext("evaluation report", "%(plan)s: %(kind)s report (%(year)s)") % {
        "plan": data["plan"]["name"],
        "year": data["year"],
        "kind": data["kind_label"],
    }


def period_text(plan):
    return f"{plan.get('period_start')}—{plan.get('period_end')}"
