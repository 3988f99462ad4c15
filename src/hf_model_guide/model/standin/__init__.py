"""The offline stand-in for distilbert/distilbert-base-uncased-finetuned-sst-2-english.

Built from two PyPI packages (all-MiniLM-L6-v2 converted to DistilBERT, fine-tuned on the
VADER lexicon) into the project cache; see ``build.ensure()``.
"""

from hf_model_guide.model.standin.build import ensure, fingerprint, recipe_version, standin_dir

__all__ = ["ensure", "fingerprint", "recipe_version", "standin_dir"]
