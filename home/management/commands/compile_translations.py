"""Compiles every .po file of the project to .mo with polib, so no GNU gettext is needed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

SKIP = {".venv", "node_modules", "var"}


class Command(BaseCommand):
    help = "Compile the project's .po files to .mo (pure Python; no gettext needed)."

    def handle(self, *args, **options) -> None:
        count = 0
        for po_path in Path(settings.BASE_DIR).rglob("*.po"):
            if SKIP.intersection(po_path.relative_to(settings.BASE_DIR).parts):
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
            count += 1
        self.stdout.write(f"Compiled {count} translation files.")
