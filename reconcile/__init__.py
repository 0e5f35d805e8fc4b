"""reconcile: checks Indonesian Renja/RKPD workbooks and writes an annotated copy."""

__version__ = "0.1.0"
