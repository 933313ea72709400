"""Production settings plus the bench-only URLconf and a throwaway static root.

The bench serves exactly what production serves; it only adds /bench/bare (see bench/urls.py) and
collects static files into a temporary directory instead of var/static.
"""

import os
from pathlib import Path

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
