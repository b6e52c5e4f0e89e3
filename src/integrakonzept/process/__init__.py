"""Process definition: model, loader, scaffold, checks."""
