"""Instants where date code usually breaks, for tests that must hold at any of them.

Each is given in UTC; the comment says what edge it sits on. Tests travel there with the
`clock` fixture (`clock.move_to(instant)`) rather than reading the wall clock.
"""

from datetime import UTC, datetime

EDGE_INSTANTS = {
    "first minute of a month": datetime(2026, 12, 1, 0, 0, 30, tzinfo=UTC),
    "last minute of a month": datetime(2027, 4, 30, 23, 59, 30, tzinfo=UTC),
    "first minute of a year": datetime(2027, 1, 1, 0, 0, 30, tzinfo=UTC),
    "last minute of a year": datetime(2026, 12, 31, 23, 59, 30, tzinfo=UTC),
    "29 February": datetime(2028, 2, 29, 12, 0, tzinfo=UTC),
    "1 March after a leap day": datetime(2028, 3, 1, 0, 10, tzinfo=UTC),
    # Europe (Berlin, Paris, London) springs forward at 01:00 UTC on 28 March 2027.
    "minutes before Europe springs forward": datetime(2027, 3, 28, 0, 55, tzinfo=UTC),
    "minutes after Europe springs forward": datetime(2027, 3, 28, 1, 5, tzinfo=UTC),
    # ... and falls back at 01:00 UTC on 31 October 2027.
    "minutes around Europe falling back": datetime(2027, 10, 31, 0, 58, tzinfo=UTC),
    # Kiritimati (UTC+14) is already on the next day: its midnight is 10:00 UTC.
    "a new day in Kiritimati only": datetime(2026, 12, 31, 10, 1, tzinfo=UTC),
}

EDGE_IDS = list(EDGE_INSTANTS)
EDGES = list(EDGE_INSTANTS.values())
