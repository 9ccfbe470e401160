"""Public views of the plugin."""
