"""Load (or reload) all site content from fixtures/, idempotently."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from roadmap.content_cache import bump_content_version

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class Command(BaseCommand):
    help = (
        "Load every content fixture in fixtures/ (in file-name order). Rows have fixed keys, so "
        "running it again updates them in place and never duplicates anything."
    )

    def handle(self, *args, **options):
        files = sorted(FIXTURES_DIR.glob("*.json"))
        if not files:
            raise CommandError(f"No content fixtures found in {FIXTURES_DIR}.")
        with transaction.atomic():
            call_command("loaddata", *[str(f) for f in files], verbosity=0)
        bump_content_version()
        self.stdout.write(self.style.SUCCESS(f"Loaded content from {len(files)} fixture file(s)."))
