"""The package version, in a module of its own so that the crawler can name it without loading the parser."""
__version__ = "0.1.0"
