"""coopdocs: cooperation agreements, evaluation reports and amendments for German SMEs."""

__version__ = "0.1.0"
