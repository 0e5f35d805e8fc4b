"""Tidiness: how the hierarchy is shown (info: nothing is wrong with the numbers).

Shared by the rules of this folder (one rule per module)."""
from __future__ import annotations

PLAN_KINDS = ("rincian", "review_rkpd", "evaluasi", "daftar")
