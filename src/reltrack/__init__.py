"""reltrack: a personal relationship tracker for the terminal."""

__version__ = "0.1.0"
