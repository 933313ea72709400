"""Production settings plus the bench-only URLconf and a throwaway static root.

The bench serves exactly what production serves; it only adds /bench/bare (see bench/urls.py) and
collects static files into a temporary directory instead of var/static.
"""

import os
from pathlib import Path

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])

# The topic bench's writers post and react far faster than any person; members' limits would
# answer them with 429s.
COMMUNITY_RATE_LIMITS = dict.fromkeys(COMMUNITY_RATE_LIMITS, "100000/m")  # noqa: F405
COMMUNITY_RATE_LIMITS_PER_IP = dict.fromkeys(COMMUNITY_RATE_LIMITS_PER_IP, "100000/m")  # noqa: F405
