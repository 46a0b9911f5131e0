"""unmech: a command-line guide to the UN human rights mechanisms for people who use drugs."""

__version__ = "0.1.0"
