"""`python -m prakerja_app ...`: see prakerja_app.cli."""

from prakerja_app.cli import main

raise SystemExit(main())
