"""The checkout's root folder, for tests that read project files.

Imported by name from every test folder (pytest puts ``tests/`` on ``sys.path``); not
``from conftest import ROOT``, because a second ``conftest.py`` in a sub-folder (tests/browser)
takes the module name ``conftest`` and that import then fails depending on collection order."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
