"""The explicit list of rules, in catalogue order (docs/rules.md, `reconcile rules`): one
module per rule, `reconcile/checks/<family>/<code>.py`. A rule not listed here does not run."""
from __future__ import annotations

from reconcile.checks.base import Rule
from reconcile.checks.claims.claim_conflict import ClaimConflict
from reconcile.checks.claims.claim_count import ClaimCount
from reconcile.checks.claims.claim_total import ClaimTotal
from reconcile.checks.claims.claim_stale import ClaimStale
from reconcile.checks.claims.item_missing import ItemMissing
from reconcile.checks.completeness.fund_pemda import FundingSourcePemda
from reconcile.checks.completeness.fund_source import FundingSourceUnknown
from reconcile.checks.completeness.req_empty import RequiredCellEmpty
from reconcile.checks.crosstable.rkpd_note import RkpdNote
from reconcile.checks.crosstable.xtab_indicator import CrossTableIndicator
from reconcile.checks.crosstable.xtab_name import CrossTableName
from reconcile.checks.crosstable.xtab_pagu import CrossTablePagu
from reconcile.checks.crosstable.xtab_target import CrossTableTarget
from reconcile.checks.evaluasi.triwulan_sum import TriwulanSum
from reconcile.checks.nomenclature.code_format import CodeFormat
from reconcile.checks.nomenclature.code_parent import CodeParent
from reconcile.checks.nomenclature.dup_subkeg import DuplicateSubKegiatan
from reconcile.checks.nomenclature.nomen_spell import NomenclatureSpelling
from reconcile.checks.nomenclature.numbering_seq import NumberingSequence
from reconcile.checks.number_format.excel_error import ExcelErrorValue
from reconcile.checks.number_format.formula_nocache import FormulaWithoutValue
from reconcile.checks.number_format.num_hash import NumberTooWide
from reconcile.checks.number_format.num_malformed import MalformedNumber
from reconcile.checks.number_format.num_mixed import MixedNotation
from reconcile.checks.number_format.num_placeholder import PlaceholderAmount
from reconcile.checks.number_format.num_text import NumberAsText
from reconcile.checks.number_format.pct_range import PercentOutOfRange
from reconcile.checks.ratios.category_label import CategoryLabel
from reconcile.checks.ratios.category_unknown import CategoryUnknown
from reconcile.checks.ratios.growth_rate import GrowthRate
from reconcile.checks.ratios.ratio_anggaran import AnggaranRatio
from reconcile.checks.ratios.ratio_capaian import CapaianRatio
from reconcile.checks.ratios.ratio_x100 import RatioTimes100
from reconcile.checks.rincian.rincian_kali import RincianKali
from reconcile.checks.sector.sector_vocab import SectorVocabulary
from reconcile.checks.subtotals.pagu_missing import SubtotalMissing
from reconcile.checks.subtotals.pagu_sum import SubtotalSum
from reconcile.checks.subtotals.parent_formula import ParentFormula
from reconcile.checks.targets.indicator_copy import IndicatorCopy
from reconcile.checks.targets.target_jump import TargetJump
from reconcile.checks.targets.target_missing import TargetMissing
from reconcile.checks.targets.target_trend import TargetTrend
from reconcile.checks.targets.target_unit import TargetUnit
from reconcile.checks.tidiness.level_style import LevelStyle
from reconcile.checks.tidiness.numbering_in_name import NumberingInName

RULES: tuple[type[Rule], ...] = (
    # subtotals
    SubtotalSum, SubtotalMissing, ParentFormula,
    # number_format
    NumberAsText, MalformedNumber, MixedNotation, PercentOutOfRange, NumberTooWide, ExcelErrorValue,
    FormulaWithoutValue, PlaceholderAmount,
    # claims
    ClaimCount, ClaimTotal, ClaimStale, ClaimConflict, ItemMissing,
    # crosstable
    CrossTableName, CrossTablePagu, CrossTableTarget, CrossTableIndicator, RkpdNote,
    # sector
    SectorVocabulary,
    # ratios
    CapaianRatio, AnggaranRatio, RatioTimes100, CategoryLabel, CategoryUnknown, GrowthRate,
    # evaluasi
    TriwulanSum,
    # rincian
    RincianKali,
    # targets
    TargetUnit, TargetMissing, TargetJump, TargetTrend, IndicatorCopy,
    # nomenclature
    NomenclatureSpelling, CodeFormat, CodeParent, NumberingSequence, DuplicateSubKegiatan,
    # completeness
    RequiredCellEmpty, FundingSourceUnknown, FundingSourcePemda,
    # tidiness
    NumberingInName, LevelStyle,
)


def all_rules() -> list[type[Rule]]:
    return list(RULES)


def catalogue() -> list[type[Rule]]:
    """Every documented rule: those `check` runs, then those of `reconcile compare`."""
    from reconcile.compare.rules import COMPARE_RULES

    return list(RULES) + list(COMPARE_RULES)


def rule_by_code(code: str) -> type[Rule] | None:
    code = code.upper()
    return next((r for r in catalogue() if r.code == code), None)
