from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from .learner_data import autodiscover

        # Each app's `exports` module registers its part of the data export and deletion.
        autodiscover()
