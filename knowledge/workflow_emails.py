"""Who receives Wagtail's own workflow emails.

Wagtail mails the submitter when their page is approved or rejected, and the reviewers when
one is submitted; every one of those mails links into the admin. Members write articles
without the admin (knowledge/views.py) and cannot open those links, so Wagtail's notifiers are
replaced by ones that mail only people who can use the admin; members get the notice of
knowledge.actions.notify_article_reviewed instead, in their own language, linking the public
article or their draft's edit page.
"""

from wagtail.admin import mail as wagtail_mail
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted


def may_use_admin(user) -> bool:
    return user is not None and user.is_active and user.has_perm("wagtailadmin.access_admin")


class AdminOnlyMixin:
    def get_valid_recipients(self, instance, **kwargs):
        recipients = super().get_valid_recipients(instance, **kwargs)  # type: ignore[misc]
        return {user for user in recipients if may_use_admin(user)}


class ApprovalNotifier(AdminOnlyMixin, wagtail_mail.WorkflowStateApprovalEmailNotifier):
    pass


class RejectionNotifier(AdminOnlyMixin, wagtail_mail.WorkflowStateRejectionEmailNotifier):
    pass


class SubmissionNotifier(AdminOnlyMixin, wagtail_mail.WorkflowStateSubmissionEmailNotifier):
    pass


class TaskSubmissionNotifier(
    AdminOnlyMixin, wagtail_mail.GroupApprovalTaskStateSubmissionEmailNotifier
):
    pass


# (signal, sender, Wagtail's dispatch_uid in wagtail.admin.signal_handlers, our notifier)
NOTIFIERS = [
    (
        task_submitted,
        TaskState,
        "group_approval_task_submitted_email_notification",
        TaskSubmissionNotifier(),
    ),
    (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
        SubmissionNotifier(),
    ),
    (
        workflow_rejected,
        WorkflowState,
        "workflow_state_rejected_email_notification",
        RejectionNotifier(),
    ),
    (
        workflow_approved,
        WorkflowState,
        "workflow_state_approved_email_notification",
        ApprovalNotifier(),
    ),
]


def connect() -> None:
    """Takes Wagtail's dispatch_uids over: whichever app's ready() runs first, a signal keeps
    one receiver per uid, so Wagtail's own notifier is disconnected here if it is connected
    already and refused when wagtail.admin connects it later."""
    for signal, sender, uid, notifier in NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(notifier, sender=sender, dispatch_uid=uid)
