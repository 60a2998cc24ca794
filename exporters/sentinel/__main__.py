"""``python -m exporters.sentinel``: the Sentinel exporter on its own."""

import sys

from exporters.runtime.cli import main
from exporters.sentinel import PLUGIN

sys.exit(main(PLUGIN))
