"""The article's live demo: run it locally (``python -m hf_model_guide.demo``), deploy it to
its Space (``python -m hf_model_guide.demo.deploy``)."""
