"""The certificates app's part of a learner's data export and account deletion."""

from django.dispatch import receiver

from accounts.learner_data import register
from accounts.signals import account_deleting

from .models import Certificate


def export(learner) -> dict:
    certificates = (
        Certificate.objects.for_learner(learner)
        .select_related("roadmap")
        .order_by("roadmap__position", "roadmap_id")
    )
    return {
        "certificates": [
            {
                "roadmap": certificate.roadmap.slug,
                "name": certificate.name,
                "is_shared": certificate.is_shared,
                "address": certificate.get_absolute_url() if certificate.is_shared else None,
                "completed_at": certificate.completed_at,
                "best_percent": certificate.best_percent,
                "shared_at": certificate.shared_at,
            }
            for certificate in certificates
        ]
    }


@receiver(account_deleting, dispatch_uid=__name__)
def delete(sender, learner, **kwargs) -> None:
    """The learner's certificates: their public pages are gone at once."""
    Certificate.objects.for_learner(learner).delete()


register(export)
