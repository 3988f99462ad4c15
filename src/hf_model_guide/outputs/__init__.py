"""What a build showed, kept so the next build can be compared with it.

- ``manifest``: every build writes ``outputs.json`` into the site: per snippet its text
  outputs (and rich outputs' hashes), per value its text, per page what it shows, and the
  environment that produced them (library versions, model source and revision). It is
  deterministic: the same inputs give the same bytes.
- ``diff``: ``hf-model-guide outputs diff OLD NEW`` compares two manifests (or built sites)
  and prints a Markdown report; the exit status says whether anything changed.
- ``provenance``: the line under every page with outputs that says how they were made.

Nothing here imports MkDocs: ``hf_model_guide.plugins.run_snippets`` calls it.
"""
