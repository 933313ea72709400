"""Interface messages of Django itself that its Dutch catalogue misses.

Django 5.2 changed the password-length msgid (``%(min_length)d`` became ``%d``) without updating
its nl catalogue; marking it here puts it in site/locale, where our translation takes precedence.
"""

from django.utils.translation import ngettext_lazy

PASSWORD_TOO_SHORT = ngettext_lazy(
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
    8,
)
