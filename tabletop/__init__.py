"""tabletop: run political-military tabletop exercises and seminar wargames in the terminal."""

__version__ = "0.1.0"
