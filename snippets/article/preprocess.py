# --8<-- [start:encode]
from transformers import AutoTokenizer

checkpoint = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)  # (1)!

raw_inputs = [
    "I've been waiting for a HuggingFace course my whole life.",
    "I hate this so much!",
]
inputs = tokenizer(raw_inputs, padding=True, truncation=True, return_tensors="pt")  # (2)!
print(inputs)
# --8<-- [end:encode]

# --8<-- [start:tokens]
for ids in inputs["input_ids"]:
    print(tokenizer.convert_ids_to_tokens(ids))
# --8<-- [end:tokens]

# --8<-- [start:steps]
tokens = tokenizer.tokenize(raw_inputs[0])
print(len(tokens), "tokens:", tokens)
ids = tokenizer.convert_tokens_to_ids(tokens)
print(ids)
print(tokenizer.decode(ids))
print(tokenizer.decode(inputs["input_ids"][0]))
# --8<-- [end:steps]

# --8<-- [start:truncation]
short = tokenizer(raw_inputs[0], truncation=True, max_length=8)
print(tokenizer.convert_ids_to_tokens(short["input_ids"]))
print("longest input the model takes:", tokenizer.model_max_length, "tokens")
# --8<-- [end:truncation]

# --8<-- [start:table]
import pandas as pd
from IPython.display import display

columns = {}
for number, ids in enumerate(inputs["input_ids"], 1):
    sentence = f"sentence {number}"
    columns[(sentence, "token")] = tokenizer.convert_ids_to_tokens(ids)
    columns[(sentence, "id")] = ids.tolist()  # input_ids
    columns[(sentence, "mask")] = inputs["attention_mask"][number - 1].tolist()
table = pd.DataFrame(columns)
table.columns.names = [None, "position"]  # the index column's header
display(table)  # (1)!
# --8<-- [end:table]
