"""`python -m typeset` is the `typeset` command."""
import sys

from .cli import main

sys.exit(main())
