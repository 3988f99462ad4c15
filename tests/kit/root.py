"""The checkout's root folder, for tests that read project files.

``from kit.root import ROOT``, not ``from conftest import ROOT``: a second ``conftest.py`` in a
sub-folder (tests/browser) takes the module name ``conftest``, and that import then fails
depending on collection order."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
