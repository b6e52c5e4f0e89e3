"""ik – Werkzeugkasten für Beteiligungsprozesse zum kommunalen Integrationskonzept."""

__version__ = "0.1.0"
