"""Background tasks of the community app (django-tasks); enqueue them after commit."""

from django_tasks import task

from community import emails


@task()
def email_notification(notification_id: int) -> bool:
    return emails.send_notification_email(notification_id)


@task()
def email_digest(user_id: int) -> int:
    return emails.send_digest(user_id)
