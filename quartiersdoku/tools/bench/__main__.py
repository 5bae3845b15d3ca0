"""`python -m quartiersdoku.tools.bench N` (what scripts/bench runs)."""

import sys

from .run import main

sys.exit(main())
