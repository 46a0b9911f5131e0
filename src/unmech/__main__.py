"""Run unmech as ``python -m unmech``."""

import sys

from unmech.cli import main

sys.exit(main())
