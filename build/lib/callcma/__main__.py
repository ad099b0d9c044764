"""``python -m callcma``: the project's command line."""

from callcma.cli import main

raise SystemExit(main())
