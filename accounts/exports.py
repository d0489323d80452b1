"""The account's own part of the data export (its rows go with the user itself)."""

from .learner_data import register


def export(learner) -> dict:
    return {
        "account": {
            "username": learner.get_username(),
            "email": learner.email,
            "display_name": learner.display_name,
            "time_zone": learner.time_zone,
            "date_joined": learner.date_joined,
            "last_login": learner.last_login,
        }
    }


register(export)
