"""Entry point for ``python -m jivsmon``."""

import sys

from jivsmon.cli import main

sys.exit(main())
