"""``python -m tonesplit``: the same as the ``tonesplit`` command."""

import sys

from tonesplit.cli import main

if __name__ == "__main__":
    sys.exit(main())
