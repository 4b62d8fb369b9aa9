"""``python -m calculators``: see ``calculators._cli``."""

import sys

from ._cli import main

sys.exit(main())
