"""Report resources whose address answers an error or redirects elsewhere."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from roadmap.links import check_urls
from roadmap.models import Resource, Roadmap


class Command(BaseCommand):
    help = (
        "Check every resource's address (concurrently, each distinct address once, with a "
        "time-out) and record the result, shown in the admin. Lists what is broken: an error, "
        "no answer, or a redirect to another page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--roadmap", help="Only this roadmap's resources (its slug).")
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds per address.")
        parser.add_argument("--workers", type=int, default=8, help="Addresses checked at once.")
        parser.add_argument(
            "--strict", action="store_true", help="Exit with status 1 when any link is broken."
        )

    def handle(self, *args, **options):
        if options["timeout"] <= 0 or options["workers"] < 1:
            raise CommandError("--timeout must be above 0 and --workers at least 1.")
        resources = (
            Resource.objects.active()
            .select_related("topic__step__roadmap")
            .order_by(
                "topic__step__roadmap__position",
                "topic__step__position",
                "topic__position",
                "position",
            )
        )
        if options["roadmap"]:
            if not Roadmap.objects.filter(slug=options["roadmap"]).exists():
                raise CommandError(f"No roadmap with the slug “{options['roadmap']}”.")
            resources = resources.filter(topic__step__roadmap__slug=options["roadmap"])
        resources = list(resources)
        if not resources:
            self.stdout.write("No resources to check.")
            return

        results = check_urls(
            [r.url for r in resources], timeout=options["timeout"], workers=options["workers"]
        )
        checked_at = timezone.now()
        for resource in resources:
            result = results[resource.url]
            resource.last_checked_at = checked_at
            resource.last_check_ok = result.ok
            resource.last_check_result = result.detail[:300]
        # bulk_update sends no signal: the check is not content, so pages stay cached.
        Resource.objects.bulk_update(
            resources, ["last_checked_at", "last_check_ok", "last_check_result"]
        )

        broken = [r for r in resources if not r.last_check_ok]
        for resource in broken:
            self.stdout.write(
                self.style.ERROR("BROKEN ")
                + f"{resource.title} ({resource.topic.step.roadmap.slug} › {resource.topic}): "
                f"{resource.url} — {resource.last_check_result}"
            )
        bad_addresses = sum(1 for result in results.values() if not result.ok)
        summary = (
            f"Checked {len(results)} address(es) for {len(resources)} resource(s): "
            f"{len(results) - bad_addresses} OK, {bad_addresses} broken."
        )
        self.stdout.write(self.style.WARNING(summary) if broken else self.style.SUCCESS(summary))
        if broken and options["strict"]:
            raise SystemExit(1)
