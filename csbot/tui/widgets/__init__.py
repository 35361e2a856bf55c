"""The main screen's panels, one widget per file."""
