"""The completeness rules, one per module; `analysis` holds what they share."""
