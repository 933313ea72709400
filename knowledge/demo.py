"""Demo content of the knowledge app, loaded by `manage.py load_demo` (idempotent)."""

from home.demo import DemoContext


def load(context: DemoContext) -> None:
    """Builds this app's part of the demo site below `context.home`."""
