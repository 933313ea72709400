"""Background tasks: every email of the events app is sent by a worker, never in a request."""

from django_tasks import task

from events.emails import certificate_email, outcome_email, registration_email
from events.models import Certificate, OutcomePage, Registration


@task()
def send_registration_email(registration_id: int, kind: str) -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    registration_email(registration, kind).send()


@task()
def send_outcome_email(registration_id: int, outcome_id: int) -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    outcome = OutcomePage.objects.get(pk=outcome_id)
    outcome_email(registration, outcome).send()


@task()
def send_certificate_email(certificate_id: int) -> None:
    certificate = Certificate.objects.select_related("registration").get(pk=certificate_id)
    if certificate.is_revoked:
        return
    certificate_email(certificate).send()
