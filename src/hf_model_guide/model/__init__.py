"""Which model a snippet's checkpoint name loads (``source``), and the offline stand-in."""
