"""The environment a snippet runs in: an allow-list, not the build's whole environment.

A snippet is code from a pull request; the build's environment may hold a maintainer's
``HF_TOKEN`` (``mkdocs serve`` on a contributor's branch) or a CI token. The worker, and so
every snippet, gets only the variables Python, torch, the Hub client and the engine need
(``ALLOWED``, ``ALLOWED_PREFIXES``), the model source's own (``HF_HUB_CACHE``, ...), and
the names a project lists in the run-snippets plugin's ``pass_env`` option. ``HF_TOKEN``
only in hub mode (the real checkpoint is public: the token only helps a rate-limited or
gated Hub). A name that looks like a secret (``SECRET_WORDS``) needs ``pass_env``, whatever
its prefix.

A snippet runs as the build's user, and a same-user process can read
``/proc/<pid>/environ`` of its parent and of the build: ``hide_environment_block`` blanks
that block in the build's process (the values stay in ``os.environ``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

ALLOWED = frozenset(
    {
        # the system, the locale, the user's folders
        "PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TEMP", "TMP",
        "SOURCE_DATE_EPOCH", "CI",
        # Python, and the venv it runs in
        "VIRTUAL_ENV", "PYTHONPATH", "PYTHONWARNINGS", "PYTHONUTF8",
        # TLS and proxies the Hub client goes through
        "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY",
        "http_proxy", "https_proxy", "no_proxy", "all_proxy",
        # numeric libraries (see the env README: OpenBLAS on some processors)
        "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS",
        # the instructions MKL and glibc may use: how tests/machines makes this machine act as
        # another processor (the kernels themselves are fixed: hf_model_guide.kernels)
        "MKL_ENABLE_INSTRUCTIONS", "GLIBC_TUNABLES",
        "MPLBACKEND", "MPLCONFIGDIR", "TORCH_HOME", "GRADIO_ANALYTICS_ENABLED",
    }
)  # fmt: skip
ALLOWED_PREFIXES = ("LC_", "XDG_", "HF_", "TRANSFORMERS_", "HF_MODEL_GUIDE_")
SECRET_WORDS = ("TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "_KEY", "AUTH")
HUB_TOKEN = "HF_TOKEN"


PROXIES = frozenset(n for n in ALLOWED if n.lower().endswith("_proxy") and n.lower() != "no_proxy")


def without_credentials(url: str) -> str:
    """A proxy's address without the ``user:password@`` it may carry."""
    scheme, sep, rest = url.rpartition("://")
    host = rest.rpartition("@")[2]
    return f"{scheme}{sep}{host}"


def looks_secret(name: str) -> bool:
    upper = name.upper()
    return any(word in upper for word in SECRET_WORDS)


def for_snippets(
    environ: Mapping[str, str], *, hub: bool = False, passed: Iterable[str] = ()
) -> dict[str, str]:
    """The variables of ``environ`` a snippet may see."""
    passed = set(passed)
    kept = {}
    for name, value in environ.items():
        allowed = name in ALLOWED or name.startswith(ALLOWED_PREFIXES)
        if name in passed or (allowed and not looks_secret(name)):
            kept[name] = value
    for name in PROXIES & kept.keys():
        kept[name] = without_credentials(kept[name])
    if hub and HUB_TOKEN in environ:
        kept[HUB_TOKEN] = environ[HUB_TOKEN]
    return kept


def hide_environment_block() -> bool:
    """Blank this process's environment as ``/proc/<pid>/environ`` shows it to others.

    That file reads the block the kernel laid out at exec, not ``os.environ``. Each variable
    is first set again (``setenv`` copies it into the heap and points the C environment at
    the copy, which processes started later inherit), then the block is zeroed. Python's
    ``os.environ`` is a copy taken at start-up: unchanged. Linux only; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        start, end = int(fields[47]), int(fields[48])  # env_start, env_end (proc(5))
        for name, value in os.environb.items():
            with contextlib.suppress(ValueError, OSError):
                os.putenv(name, value)
        if end > start:
            ctypes.memset(start, 0, end - start)
    except (OSError, IndexError, ValueError, AttributeError):
        return False
    return True
