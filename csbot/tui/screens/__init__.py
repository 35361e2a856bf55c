"""Screens and modal dialogs of the agent TUI."""
