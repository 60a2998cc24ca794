"""``python -m exporters.backup``: run the backup exporter."""

import sys

from exporters.backup import PLUGIN
from exporters.runtime.cli import main

sys.exit(main(PLUGIN))
