"""Background tasks: every email of the events app is sent by a worker, never in a request.

Each task sends its message at most once however often it runs (`_send_once`): the row that
records the sending is written in the transaction that sends it.
"""

from django.core.mail import EmailMessage
from django.db import transaction
from django_tasks import task
from django_tasks.base import TaskContext

from events.emails import certificate_email, outcome_email, registration_email
from events.models import Certificate, OutcomePage, Registration, SentEmail


def _send_once(context: TaskContext, message: EmailMessage) -> bool:
    """Sends `message` unless this task did already; True if it went out now. Only a worker
    killed between the SMTP server's acceptance and the commit sends it again."""
    with transaction.atomic():
        _sent, created = SentEmail.objects.select_for_update().get_or_create(
            task_id=str(context.task_result.id)
        )
        if not created:
            return False
        message.send()
    return True


@task(takes_context=True)
def send_registration_email(context: TaskContext, registration_id: int, kind: str) -> bool:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    return _send_once(context, registration_email(registration, kind))


@task(takes_context=True)
def send_outcome_email(context: TaskContext, registration_id: int, outcome_id: int) -> bool:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    outcome = OutcomePage.objects.get(pk=outcome_id)
    return _send_once(context, outcome_email(registration, outcome))


@task(takes_context=True)
def send_certificate_email(context: TaskContext, certificate_id: int) -> bool:
    certificate = Certificate.objects.select_related("registration").get(pk=certificate_id)
    if certificate.is_revoked:
        return False
    return _send_once(context, certificate_email(certificate))
