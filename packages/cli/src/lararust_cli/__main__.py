"""``python -m lararust_cli`` runs the ``lararust`` command."""

from __future__ import annotations

from lararust_cli import main

raise SystemExit(main())
