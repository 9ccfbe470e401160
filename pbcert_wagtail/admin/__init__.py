"""Admin viewsets and views of the plugin; registered in wagtail_hooks.py."""
