"""The editorial workflow that publishes members' articles.

Migration 0003 creates it: one group approval task for the Editors group. ArticlePage.get_workflow
finds it by name, so articles go to the editors wherever they sit in the page tree.
"""

from wagtail.models import Workflow

EDITORIAL_WORKFLOW_NAME = "Kennisbank: redactie"
EDITORIAL_TASK_NAME = "Goedkeuring door de redactie"
EDITORS_GROUP = "Editors"


def editorial_workflow() -> Workflow | None:
    return Workflow.objects.filter(name=EDITORIAL_WORKFLOW_NAME, active=True).first()
