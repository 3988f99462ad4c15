"""The test kit: what more than one test folder uses, imported under one name
(``from kit.throwaway_site import Site``). ``tests/`` is on ``sys.path`` because its
``conftest.py`` is (pytest's rootdir conftest), so ``kit`` is found from every folder.

- ``root``: the checkout's root folder
- ``files``: ``write`` a dedented file into a folder
- ``network``: ``free_port``, and ``LocalServer`` for stand-ins of remote services
- ``site_build``: the real site, built once per session (the ``built_site`` fixture)
- ``throwaway_site``: a small bilingual site with the plugin, built in a temporary folder
- ``sites``: throwaway sites with the translation check, and git for their history
- ``browser``: Debian's Chromium through Playwright, and a site served on 127.0.0.1
- ``demo``: the demo app on a free port
- ``hub_mirror``: a local stand-in of the Hugging Face Hub
"""
