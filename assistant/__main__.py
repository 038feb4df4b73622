"""`python -m assistant` is the `toetsassistent` command."""

import sys

from assistant.cli import main

sys.exit(main())
