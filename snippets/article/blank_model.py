# --8<-- [start:blank]
import torch
from transformers import BertConfig, BertModel

# Building the config
config = BertConfig()

# Building the model from the config
model = BertModel(config)
print(f"{model.num_parameters():,} parameters")
print(f"{config.num_hidden_layers} layers, hidden size {config.hidden_size}")
# --8<-- [end:blank]

# --8<-- [start:init]
values = torch.cat([p.detach().flatten() for p in model.parameters()])
random = (values != 0) & (values != 1)  # (1)!
print(f"{random.float().mean().item():.2%} of the parameters are random")
print("LayerNorm weights:", model.embeddings.LayerNorm.weight[:4].tolist())
print("LayerNorm biases: ", model.embeddings.LayerNorm.bias[:4].tolist())
# --8<-- [end:init]

# --8<-- [start:random]
token_ids = torch.tensor([[101, 1045, 5223, 2023, 2061, 2172, 999, 102]])  # (1)!

torch.manual_seed(0)  # (2)!
first = BertModel(config).eval()  # (3)!
torch.manual_seed(1)
second = BertModel(config).eval()

with torch.no_grad():
    print(first(token_ids).last_hidden_state[0, 0, :4])
    print(second(token_ids).last_hidden_state[0, 0, :4])
# --8<-- [end:random]
