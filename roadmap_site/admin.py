"""The admin site: Django's, refusing a malformed selection with a message instead of a 500."""

from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponseRedirect

BAD_SELECTION = "The selected items were not understood. Please tick them again and retry."


class AdminSite(admin.AdminSite):
    site_header = "Roadmap Atlas administration"
    site_title = "Roadmap Atlas admin"
    index_title = "Content and learners"

    def admin_view(self, view, cacheable=False):
        """Every admin page; an action posted with ids that are not ids goes back with a message.

        Django filters `pk__in` with whatever was posted and fails with a 500 on "abc"; every
        primary key on this site is an integer.
        """
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def checked(request, *args, **kwargs):
            selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
            is_staff = request.user.is_active and request.user.is_staff
            if is_staff and any(not value.isdigit() for value in selected):
                messages.error(request, BAD_SELECTION)
                return HttpResponseRedirect(request.get_full_path())
            return inner(request, *args, **kwargs)

        return checked
