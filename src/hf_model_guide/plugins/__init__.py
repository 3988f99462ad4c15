"""The three MkDocs plugins, thin adapters over the rest of the package: the only folder that
imports MkDocs or Material (``tests/architecture`` keeps it so)."""
