"""Results: statistics and the documentation for the council."""
