"""The worker side of the engine: the code that runs inside the sandbox, next to snippets.

Everything here runs in the worker process or the children it forks for each snippet: the
worker's loop (``worker``), one run (``running``, ``child``, ``supervise``), the frames it
writes back (``framing``, ``streams``, ``outcome``), seeding, limits and reaping, and the
capture of rich outputs (``display_capture``, ``figures``, ``mime``). It imports nothing from
the build side (``engine`` outside this folder), which reads what comes out of here as
untrusted data.
"""
