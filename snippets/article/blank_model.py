# --8<-- [start:blank]
from transformers import BertConfig, BertModel

# Building the config
config = BertConfig()

# Building the model from the config
model = BertModel(config)
print(f"{model.num_parameters():,} parameters")
# --8<-- [end:blank]

# --8<-- [start:random]
import torch

token_ids = torch.tensor([[101, 1045, 5223, 2023, 2061, 2172, 999, 102]])  # (1)!

torch.manual_seed(0)  # (2)!
first = BertModel(config).eval()  # (3)!
torch.manual_seed(1)
second = BertModel(config).eval()

with torch.no_grad():
    print(first(token_ids).last_hidden_state[0, 0, :4])
    print(second(token_ids).last_hidden_state[0, 0, :4])
# --8<-- [end:random]
