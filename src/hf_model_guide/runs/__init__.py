"""A site's snippets run on many machines, the site built from the union of their runs.

The run cache is keyed by content, so a run made on one machine serves a build on another.
``hf-model-guide runs`` splits a build's runs across the jobs of a CI matrix:

- ``runs plan --shards N`` (``plan``): the snippets a build would run now, why (the build
  log's reasons), and their split into N shards balanced by each one's last measured time;
  JSON a workflow's matrix reads;
- ``runs run --shard I/N --into DIR`` (``shard``): one shard's snippets run, with the
  engine's usual limits, into a run cache folder of its own;
- ``runs merge DIR... [--into CACHE]`` (``merge``): the shards' folders checked and merged
  into one run cache;

then ``RUN_SNIPPETS=cached-only mkdocs build --strict`` builds from that cache and fails,
naming them, when a snippet has no run (``engine.held``).

``project`` is what all three read the way a build reads it: the pages, and the
run-snippets plugin's options in ``mkdocs.yml`` (read without MkDocs).
"""
