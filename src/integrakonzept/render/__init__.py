"""Rendering infrastructure: templates, PDF, DOCX, German formatting."""
