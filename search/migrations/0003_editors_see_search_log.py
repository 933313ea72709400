"""Editors may read the search log and manage promoted results (Wagtail search promotions).

Wagtail's own "Search terms" report is for superusers only; editors grow the knowledge base,
so they get the site's search log report and the promotions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    ("search", "view_searchlogentry"),
    ("wagtailsearchpromotions", "add_searchpromotion"),
    ("wagtailsearchpromotions", "change_searchpromotion"),
    ("wagtailsearchpromotions", "delete_searchpromotion"),
]


def grant(apps, schema_editor):
    # Permissions are normally made after migrating; the group needs them now.
    for label in ("search", "wagtailsearchpromotions"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for app_label, codename in PERMISSIONS:
        editors.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        for app_label, codename in PERMISSIONS:
            editors.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_full_text_index"),
        ("wagtailsearchpromotions", "0007_searchpromotion_external_link_text_and_more"),
        ("community", "0002_member_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
