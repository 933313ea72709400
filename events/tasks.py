"""Background tasks: every email of the events app is sent by a worker, never in a request."""

from django_tasks import task

from events.emails import outcome_email, registration_email
from events.models import OutcomePage, Registration


@task()
def send_registration_email(registration_id: int, kind: str) -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    registration_email(registration, kind).send()


@task()
def send_outcome_email(registration_id: int, outcome_id: int) -> None:
    registration = Registration.objects.select_related("event").get(pk=registration_id)
    outcome = OutcomePage.objects.get(pk=outcome_id)
    outcome_email(registration, outcome).send()
