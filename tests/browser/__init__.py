"""The browser tests are a package so that their conftest.py is ``browser.conftest``: the
other tests import the root one as ``conftest``, and a second plain ``conftest`` would take
its place in ``sys.modules``."""
