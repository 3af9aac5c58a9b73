"""`python -m pipeline` is the `xxgk` command."""
import sys

from .cli import main

sys.exit(main())
