"""What the roadmap admin pages share: ordered inlines, archive instead of delete, part lists."""

from django.contrib import admin, messages

from sources.admin import CitationInline

from ..content_cache import bump_content_version


class OrderedInline(admin.StackedInline):
    extra = 0
    ordering = ["position", "id"]
    show_change_link = True


class ArchiveInsteadOfDelete:
    """Deleting content that learners' data points to archives it instead (hidden from the site,
    kept in their history and export); content nobody used is deleted. `learner_data` names the
    reverse relations that hold learners' rows. Adds "Archive" and "Restore" actions.
    """

    learner_data: list = []
    actions = ["archive", "restore"]

    def _used(self, queryset):
        used = queryset.none()
        for relation in self.learner_data:
            used = used | queryset.filter(**{f"{relation}__isnull": False})
        return queryset.filter(pk__in=used.values("pk"))

    @admin.action(description="Archive selected (hide from the site, keep learners' data)")
    def archive(self, request, queryset):
        count = queryset.update(is_archived=True)
        bump_content_version()  # update() sends no signal: drop the cached pages ourselves
        name = self.model._meta.verbose_name_plural
        self.message_user(request, f"Archived {count} {name}.", messages.SUCCESS)

    @admin.action(description="Restore selected")
    def restore(self, request, queryset):
        count = queryset.update(is_archived=False)
        bump_content_version()
        name = self.model._meta.verbose_name_plural
        self.message_user(request, f"Restored {count} {name}.", messages.SUCCESS)

    def delete_model(self, request, obj):
        if self._used(type(obj).objects.filter(pk=obj.pk)).exists():
            obj.is_archived = True
            obj.save()
            self.message_user(
                request,
                f"“{obj}” has learners' progress or links, so it was archived instead of deleted.",
                messages.WARNING,
            )
        else:
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        used = self._used(queryset)
        archived = used.update(is_archived=True)
        queryset.exclude(pk__in=used.values("pk")).delete()
        bump_content_version()
        if archived:
            name = self.model._meta.verbose_name_plural
            self.message_user(
                request,
                f"{archived} {name} had learners' progress or links and were archived instead "
                "of deleted.",
                messages.WARNING,
            )

    def get_deleted_objects(self, objs, request):
        # Learners' rows protect the content; since deleting archives such content, don't let
        # Django's "protected" check block the confirmation page.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, perms_needed, []


class PartAdmin(admin.ModelAdmin):
    """Shared set-up for the parts of a roadmap edited on their own pages."""

    list_filter = ["roadmap"]
    list_editable = ["position"]
    list_select_related = ["roadmap"]
    inlines = [CitationInline]
    ordering = ["roadmap", "position", "id"]
