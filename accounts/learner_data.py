"""What the site keeps about a learner, asked of each app: the data export and account deletion.

Accounts knows none of the other apps. Each app that keeps learner data has an `exports` module
(found at start-up the way the admin finds `admin` modules) that registers its part of the
export and listens for the deletion:

    from accounts.learner_data import register
    from accounts.signals import account_deleting

    def export(learner) -> dict: ...   # {"section": JSON-ready data}, a fixed number of queries

    @receiver(account_deleting)
    def delete(sender, learner, **kwargs): ...   # remove the learner's rows of this app

    register(export)

The export lists the parts in the order of INSTALLED_APPS.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Part:
    app_label: str
    export: Callable


_parts: dict[str, Part] = {}


def register(export) -> None:
    """Register an app's part of the export: `export(learner)` returns {section: data}.
    Registering again replaces the app's first registration (module reloads in the shell)."""
    app = apps.get_containing_app_config(export.__module__)
    label = app.label if app else export.__module__.split(".")[0]
    _parts[label] = Part(app_label=label, export=export)


def autodiscover() -> None:
    autodiscover_modules("exports")


def parts() -> list[Part]:
    """The registered parts in the order of INSTALLED_APPS."""
    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(_parts.values(), key=lambda part: order.get(part.app_label, len(order)))


def export_parts(learner) -> dict:
    data = {}
    for part in parts():
        data.update(part.export(learner))
    return data
