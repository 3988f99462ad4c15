"""hf-model-guide: the engine behind the bilingual Hugging Face model guide.

Subpackages hold one job each; only ``hf_model_guide.plugins.run_snippets`` imports MkDocs,
so the rest can move to another site generator unchanged.
"""
