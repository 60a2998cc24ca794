"""``python -m exporters.replication``: run the replication exporter."""

import sys

from exporters.replication import PLUGIN
from exporters.runtime.cli import main

sys.exit(main(PLUGIN))
