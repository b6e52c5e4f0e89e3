"""Registrations and attendance: tracker workbook, imports, identity."""
