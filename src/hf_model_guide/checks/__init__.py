"""Checks of the sources and the built site: translations and their history, numbers in prose,
includes, links. Three run by themselves: ``python -m hf_model_guide.checks.translations``
(or ``.numbers``, ``.links``)."""
