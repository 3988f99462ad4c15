"""The limits every snippet runs within, read from the engine: the contributing guide's table
quotes these values, so it cannot drift from what a build enforces."""

from hf_model_guide.engine.bubblewrap import DEFAULT_SCRATCH
from hf_model_guide.engine.core import DEFAULT_MAX_OUTPUT, DEFAULT_TIMEOUT
from hf_model_guide.engine.sandbox.limits import Ceilings, Limits, show_limit, show_size

limits = Limits()  # the defaults, as mkdocs.yml and includes leave them
timeout = f"{DEFAULT_TIMEOUT:g}"
max_output = f"{DEFAULT_MAX_OUTPUT:,}"
max_memory = limits.shown("max_memory")
max_file_size = limits.shown("max_file_size")
max_processes = limits.shown("max_processes")

# How far an include may raise each (only mkdocs.yml's ceilings option goes further)
ceilings = Ceilings()
ceiling = {name: show_limit(name, getattr(ceilings, name)) for name in ceilings.__annotations__}
scratch = show_size(DEFAULT_SCRATCH)  # the sandbox's /tmp (HOME, TMPDIR) and /dev/shm, each
