"""django-tasks-db's `db_worker`, which first requeues the tasks of workers that died.

It replaces the command of the same name (home comes first in INSTALLED_APPS); see home.worker.
"""

from django_tasks_db.management.commands import db_worker

from home.worker import new_worker_id, requeue_orphaned_tasks


class Command(db_worker.Command):
    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=new_worker_id())

    def handle(self, *args, **options) -> None:
        requeue_orphaned_tasks(options["worker_id"])
        super().handle(*args, **options)
