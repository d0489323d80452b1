from django.contrib import admin

from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["name", "learner", "roadmap", "is_shared", "best_percent", "shared_at"]
    list_filter = ["is_shared", "roadmap"]
    search_fields = ["name", "learner__username", "learner__email"]
    raw_id_fields = ["learner"]
    list_select_related = ["learner", "roadmap"]
    readonly_fields = ["token", "completed_at", "best_percent", "shared_at", "created_at"]
