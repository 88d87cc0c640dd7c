"""``manage.py generate_synthetic``: fill a database with realistic synthetic plans."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from targets.synthetic import BATCH_SIZE, synthetic_generate


class Command(BaseCommand):
    help = (
        "Add synthetic plans (codes synthetic-<seed>-<n>) with deposits, exploration and "
        "mining rights, planning areas, indicators and actual figures; the same seed gives "
        "the same rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=1, help="Number of plans (default 1).")
        parser.add_argument(
            "--rights",
            type=int,
            default=1000,
            help="Exploration rights per plan; mining rights are half as many (default 1000).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="Rows per INSERT.")
        parser.add_argument(
            "--validate-all",
            action="store_true",
            help="Run full_clean on every row, not only on a sample (slow for large runs).",
        )

    def handle(self, *args, plans, rights, seed, batch_size, validate_all, **options):
        if plans < 1 or rights < 1 or batch_size < 1:
            raise CommandError("--plans, --rights and --batch-size must be 1 or more.")
        try:
            report = synthetic_generate(
                plans=plans,
                rights=rights,
                seed=seed,
                batch_size=batch_size,
                validate=True if validate_all else None,
            )
        except ValidationError as exc:
            raise CommandError(
                f"Synthetic data refused (seed {seed} already loaded?): {exc}"
            ) from exc
        for label, count in report.counts.items():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Generated {plans} synthetic plan(s), seed {seed}."))
