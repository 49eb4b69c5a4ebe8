"""`python -m typeset` is the `typeset` command."""
import sys

from .tools.cli import main

sys.exit(main())
