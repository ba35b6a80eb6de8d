"""Imports every command module so their commands register on the app."""

# Each module adds its verbs to trucewatch.cli.app when imported.
