"""The `<id:...>` path converter: a database id or number, at most 18 digits.

Django's `<int:...>` takes any number of digits, and SQLite cannot even compare a number past
64 bits with a column (OverflowError: a 500). No id or post number gets that long, so a longer
one matches no URL and answers 404 like any other address that does not exist. Imported (and
so registered) by every module whose URLs use it, before those URLs are built.
"""

from django.urls import register_converter
from django.urls.converters import IntConverter, get_converters


class IdConverter(IntConverter):
    regex = "[0-9]{1,18}"


if "id" not in get_converters():
    register_converter(IdConverter, "id")
