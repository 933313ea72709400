"""Reaction notifications keep who reacted as member ids instead of the names they had then,
so a renamed member shows their current name (and an erased one "deleted member")."""

from django.db import migrations
from django.db.models import Q


def names_to_ids(apps, schema_editor):
    Notification = apps.get_model("community", "Notification")
    Reaction = apps.get_model("community", "Reaction")
    for notification in Notification.objects.filter(kind="reaction").iterator():
        reactions = {}
        for kind, names in notification.data.get("reactions", {}).items():
            ids = []
            for name in names:
                # The reaction rows of the post tell whose name it was; a name no reaction
                # matches any more (unreacted, erased) is dropped.
                match = (
                    Reaction.objects.filter(post_id=notification.post_id, kind=kind)
                    .filter(Q(user__profile__display_name=name) | Q(user__username=name))
                    .values_list("user_id", flat=True)
                    .first()
                )
                if match is not None and match not in ids:
                    ids.append(match)
            if ids:
                reactions[kind] = ids
        notification.data["reactions"] = reactions
        notification.save(update_fields=["data"])


def ids_to_names(apps, schema_editor):
    Notification = apps.get_model("community", "Notification")
    Profile = apps.get_model("community", "Profile")
    for notification in Notification.objects.filter(kind="reaction").iterator():
        reactions = notification.data.get("reactions", {})
        ids = {i for values in reactions.values() for i in values}
        names = dict(Profile.objects.filter(user_id__in=ids).values_list("user_id", "display_name"))
        notification.data["reactions"] = {
            kind: [names.get(i, str(i)) for i in values] for kind, values in reactions.items()
        }
        notification.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("community", "0005_notifications_moderation_trust")]

    operations = [migrations.RunPython(names_to_ids, ids_to_names)]
