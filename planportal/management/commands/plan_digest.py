"""``manage.py plan_digest``: one hash of the loaded plan, to compare databases or releases."""

from django.core.management.base import BaseCommand

from planportal.loader import plan_digest


class Command(BaseCommand):
    help = "Print the SHA-256 of every loaded plan row (natural keys, no ids or timestamps)."

    def handle(self, *args, **options):
        self.stdout.write(plan_digest())
