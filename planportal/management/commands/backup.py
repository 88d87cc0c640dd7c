"""``manage.py backup -o FILE``: the whole database in one portable file (see planportal.backup)."""

from django.core.management.base import BaseCommand, CommandError

from planportal.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write the whole database content (registers, actual figures, users, groups, "
        "permissions, API tokens, history) to FILE as JSON, gzip-compressed when FILE ends in "
        ".gz. Restore it with `manage.py restore FILE`, on SQLite or PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", required=True, metavar="FILE", help="The backup file to write."
        )

    def handle(self, *args, **options):
        try:
            counts = backup_write(options["output"])
        except (BackupError, OSError) as exc:
            raise CommandError(f"No backup written: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {sum(counts.values())} rows of {sum(1 for n in counts.values() if n)} "
                f"tables to "
                f"{options['output']}."
            )
        )
