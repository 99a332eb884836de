"""`python -m feedback server|report|reply`: the receiver without build.py (e.g. in a container)."""

import sys

from .cli import main

sys.exit(main())
