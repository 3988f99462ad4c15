"""Weights perturbed as they load: how the suite finds a page that shows rounding noise.

Another processor computes the same model's outputs with other last bits: about a relative
1e-6 at inference. A digit a page shows that moves under that much is noise, and a reader on
another machine would see another one. When the build asks for it (``PERTURB_ENV``, set by
``hf_model_guide.model.source`` with the model source's own variables, so that perturbed runs
have run keys of their own), every model a snippet loads with ``from_pretrained`` has each
floating parameter multiplied by ``1 + scale * noise``, the noise standard normal, drawn from a
generator seeded by ``seed`` and the parameter's name: the same load gives the same weights in
every run and every snippet, whatever else the snippet drew at random.

Installed once in the worker, before it forks the runs (``worker.serve``).
"""

from __future__ import annotations

import functools
import os
import threading
import zlib

PERTURB_ENV = "HF_MODEL_GUIDE_PERTURB_WEIGHTS"  # model.source sets it, the worker reads it
_depth = threading.local()  # from_pretrained may call itself: perturb the outermost load only


def parse(spec: str) -> tuple[float, int]:
    """``1e-06:0`` -> (1e-06, 0)."""
    scale, _, seed = spec.partition(":")
    return float(scale), int(seed or 0)


def perturb(model, scale: float, seed: int) -> None:
    """Multiply every floating parameter of ``model`` by ``1 + scale * noise`` (see above)."""
    import torch

    with torch.no_grad():
        for name, parameter in model.named_parameters():  # each shared tensor once
            if not parameter.is_floating_point():
                continue
            generator = torch.Generator().manual_seed(seed * 1_000_003 + zlib.crc32(name.encode()))
            # In the parameter's own type: float32 resolves 1 + 1e-6 * noise to about 6e-8,
            # fine enough for a perturbation, and half the time of float64 (a load's ~0.3 s).
            noise = torch.randn(parameter.shape, generator=generator, dtype=parameter.dtype)
            parameter.mul_(noise.mul_(scale).add_(1))


def install(environ=os.environ) -> bool:
    """Perturb what ``PreTrainedModel.from_pretrained`` loads from now on, if ``environ`` asks;
    True when it did."""
    spec = environ.get(PERTURB_ENV, "").strip()
    if not spec:
        return False
    scale, seed = parse(spec)
    from transformers import modeling_utils

    owner = modeling_utils.PreTrainedModel
    load = owner.__dict__["from_pretrained"].__func__

    @functools.wraps(load)
    def from_pretrained(cls, *args, **kwargs):
        _depth.value = getattr(_depth, "value", 0) + 1
        try:
            loaded = load(cls, *args, **kwargs)
        finally:
            _depth.value -= 1
        if _depth.value == 0:  # output_loading_info=True gives (model, info)
            perturb(loaded[0] if isinstance(loaded, tuple) else loaded, scale, seed)
        return loaded

    owner.from_pretrained = classmethod(from_pretrained)  # type: ignore[method-assign,assignment]
    return True
