"""The limits every snippet runs within, read from the engine: the contributing guide's table
quotes these values, so it cannot drift from what a build enforces."""

from hf_model_guide.engine.core import DEFAULT_MAX_OUTPUT, DEFAULT_TIMEOUT
from hf_model_guide.engine.sandbox.limits import Limits

limits = Limits()  # the defaults, as mkdocs.yml and includes leave them
timeout = f"{DEFAULT_TIMEOUT:g}"
max_output = f"{DEFAULT_MAX_OUTPUT:,}"
max_memory = limits.shown("max_memory")
max_file_size = limits.shown("max_file_size")
max_processes = limits.shown("max_processes")
