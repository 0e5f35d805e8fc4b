"""The number_format rules, one per module; `analysis` holds what they share."""
