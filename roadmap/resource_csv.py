"""Resources as CSV in the admin, with django-import-export: preview, row errors, all or nothing.

One row per resource. A row names its topic by three slugs (roadmap, step, topic) and is matched to
an existing resource by its topic and address, so importing the same file twice changes nothing.
Cells a spreadsheet would run as a formula are guarded on export and unguarded on import.
The admin shows a preview of every row (new, update, skip, or the row's errors) and imports only
when no row has an error, in one transaction.
"""

from import_export import fields, resources, widgets

from .csv_cells import guard_cell, unguard_cell
from .models import Resource, Topic

COLUMNS = (
    "roadmap",
    "step",
    "topic",
    "title",
    "url",
    "kind",
    "cost",
    "level",
    "hours",
    "why",
    "alternative",
    "position",
)


class TopicBySlugs(widgets.ForeignKeyWidget):
    """The topic named by the row's `roadmap`, `step` and `topic` slugs."""

    def __init__(self):
        super().__init__(Topic, field="slug")

    def get_queryset(self, value, row, *args, **kwargs):
        return Topic.objects.filter(
            step__roadmap__slug=(row.get("roadmap") or "").strip(),
            step__slug=(row.get("step") or "").strip(),
        )

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            raise ValueError("Name the topic (its slug) with its roadmap and step.")
        try:
            return super().clean(value, row=row, **kwargs)
        except Topic.DoesNotExist:
            raise ValueError(
                f"No topic “{value}” in step “{row.get('step')}” of roadmap “{row.get('roadmap')}”."
            ) from None


class ResourceCsv(resources.ModelResource):
    roadmap = fields.Field(
        attribute="topic__step__roadmap__slug", column_name="roadmap", readonly=True
    )
    step = fields.Field(attribute="topic__step__slug", column_name="step", readonly=True)
    topic = fields.Field(attribute="topic", column_name="topic", widget=TopicBySlugs())
    alternative = fields.Field(
        attribute="is_alternative", column_name="alternative", widget=widgets.BooleanWidget()
    )

    class Meta:
        model = Resource
        fields = COLUMNS
        export_order = COLUMNS
        import_id_fields = ("topic", "url")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True  # the model's own validation: choices, address, hours
        use_transactions = True

    def before_import_row(self, row, **kwargs):
        for name, value in row.items():
            if isinstance(value, str):
                row[name] = unguard_cell(value)

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return guard_cell(value) if isinstance(value, str) else value

    def get_export_queryset(self, request):
        return (
            Resource.objects.active()
            .select_related("topic__step__roadmap")
            .order_by("topic__step__roadmap__position", "topic__step__position", "topic__position")
        )
