"""Log-in throttling: count failures per account and per client address in Django's cache.

After `settings.LOGIN_FAILURE_LIMIT` failures within `settings.LOGIN_FAILURE_WINDOW_SECONDS`, for
one account or from one address, further attempts are refused until the window that started with the
first failure runs out. The counters live in the default cache, so every app server shares them
when the cache is Redis. A successful log-in clears the account's counter, not the address's (else
an attacker could reset the address counter by logging in to an account of their own).
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

PREFIX = "login-failures"


def normalize_identifier(value):
    """The form of a typed username or email address the account counter is keyed on."""
    return (value or "").strip().casefold()


def _digest(value):
    # Hashed so that any input (spaces, unicode, very long) makes a valid, bounded cache key.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


class LoginThrottle:
    """The failure counters that apply to one log-in attempt.

    `account` is a stable name for the account being tried (the user's id when the identifier
    matches one, else the normalized identifier); `address` is the client's address.
    """

    def __init__(self, *, account, address):
        self.keys = {
            "account": f"{PREFIX}:account:{_digest(str(account))}",
            "address": f"{PREFIX}:address:{_digest(address or 'unknown')}",
        }

    @property
    def limit(self):
        return settings.LOGIN_FAILURE_LIMIT

    @property
    def window(self):
        return settings.LOGIN_FAILURE_WINDOW_SECONDS

    def retry_after(self):
        """Seconds until an attempt is allowed again, or 0 if it is allowed now."""
        now = time.time()
        values = cache.get_many([*self.keys.values(), *(f"{k}:start" for k in self.keys.values())])
        waits = []
        for key in self.keys.values():
            if (values.get(key) or 0) >= self.limit:
                started = values.get(f"{key}:start") or now
                waits.append(max(1, math.ceil(started + self.window - now)))
        return max(waits, default=0)

    def record_failure(self):
        """Count one failed attempt against the account and the address."""
        for key in self.keys.values():
            # The window starts with the first failure; `add` leaves a running window alone.
            cache.add(f"{key}:start", time.time(), self.window)
            cache.add(key, 0, self.window)
            try:
                cache.incr(key)
            except ValueError:  # expired between `add` and `incr`: start a new window
                cache.set(key, 1, self.window)
                cache.set(f"{key}:start", time.time(), self.window)

    def clear_account(self):
        """Forget the account's failures (after a successful log-in)."""
        key = self.keys["account"]
        cache.delete_many([key, f"{key}:start"])


def retry_message(seconds):
    minutes = max(1, math.ceil(seconds / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many failed log-in attempts. Please try again in {minutes} {unit}."
