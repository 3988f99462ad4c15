"""A page as any Python-Markdown reader renders it: includes, values, the 2023 article's quoted
values, the agreement check between them, CJK line joins. No site generator is imported here."""
