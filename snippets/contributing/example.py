"""The contributing guide's example snippet: one section shown, one value quoted in prose."""

# Not shown on the page (no section around it), but it runs: the shown part needs it.
steps = ["tokenizer", "model", "post-processing"]

# --8<-- [start:count]
letters = {step: sum(char.isalpha() for char in step) for step in steps}
print(letters)
# --8<-- [end:count]
