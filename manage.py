#!/usr/bin/env python
"""Django's command-line utility for Renda Cloud.

The Django project lives in ``platform/renda``. ``platform/`` itself is a plain
folder (no ``__init__.py``): it is put on ``sys.path`` so that ``renda`` is
importable, and the standard library's ``platform`` module stays unshadowed.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "platform"))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
