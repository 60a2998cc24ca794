"""jivs-monitoring's shared core: the stack config, naming rules, the build writer and the CLI."""

__version__ = "0.1.0"
