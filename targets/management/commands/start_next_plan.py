"""``manage.py start_next_plan``: the draft of the next plan, from the one whose period ended."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from targets.carry_over import plan_period_parse, plan_start_next


class Command(BaseCommand):
    help = (
        "Start the next plan as a draft: copy the registers of --from as they stand (deposits, "
        "reserves, regulations, mineral classes, rights in force, scale rules, zones) and its "
        "targets with their final figures (a review of the previous plan, the next plan's "
        "baselines) into a new plan --code for --period. Staff then enter the new plan's own "
        "targets. All or nothing; --dry-run shows what would be created and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="source", required=True, help="Code of the plan whose period ended."
        )
        parser.add_argument("--code", required=True, help="Code of the new plan.")
        parser.add_argument(
            "--period", required=True, help="Period of the new plan, e.g. 2026-2030."
        )
        parser.add_argument(
            "--user",
            help="Username to name in the records' history (default: none, the command).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be created, per model, and write nothing.",
        )

    def handle(self, *args, **options):
        user = self._user(options["user"])
        try:
            start, end = plan_period_parse(options["period"])
            with transaction.atomic():
                result = plan_start_next(options["source"], options["code"], start, end, user=user)
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except ValidationError as exc:
            raise CommandError(f"Nothing was created. {_describe(exc)}") from exc
        for line in result.lines(dry_run=options["dry_run"]):
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write(
                self.style.WARNING(f"Dry run: plan “{result.plan.code}” was not created.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created the draft plan “{result.plan.code}” "
                    f"({result.plan.period_start}-{result.plan.period_end}); "
                    "enter its own targets in the portal."
                )
            )

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"There is no user “{username}”.") from exc


def _describe(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
