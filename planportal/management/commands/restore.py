"""``manage.py restore FILE``: put a backup's content into an empty database, all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from planportal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into this database, in one "
        "transaction. The database must be migrated to the backup's schema and empty; "
        "--force replaces whatever it holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="The backup file (.json or .json.gz).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the database's content when it is not empty.",
        )

    def handle(self, *args, **options):
        try:
            report = backup_restore(options["file"], force=options["force"])
        except BackupError as exc:
            raise CommandError(f"Nothing was restored. {exc}") from exc
        if report.replaced:
            self.stdout.write(
                self.style.WARNING(
                    f"Replaced {sum(report.replaced.values())} rows that were in the database."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {report.total} rows of {len(report.counts)} tables from "
                f"{options['file']}."
            )
        )
