"""The rincian rules, one per module; `analysis` holds what they share."""
