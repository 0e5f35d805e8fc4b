"""Rule options: declared with a type on the rule, one default in the family's YAML, and a key
nobody declared (a typo) refused with a message naming the file, the rule and the key."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from reconcile.checks.registry import all_rules
from reconcile.cli import main
from reconcile.config import Config, ConfigError, check_rule_options, default_rules_dir, load_config

SEED = Path(__file__).resolve().parents[2] / "workbooks" / "renja_disnaker_pontianak_2024.xlsx"


def _family_rules(family: str) -> dict:
    return (yaml.safe_load((default_rules_dir() / f"{family}.yaml").read_text(encoding="utf-8")) or {}).get("rules") or {}


def test_every_declared_option_has_exactly_its_default_in_the_family_yaml():
    for rule in all_rules():
        own = _family_rules(rule.family).get(rule.code) or {}
        assert set(rule.options) == set(own), (rule.code, sorted(set(rule.options) ^ set(own)))
    check_rule_options(Config())  # and the shipped settings pass their own check


def test_rule_gets_the_yaml_value_and_undeclared_option_is_a_programming_error():
    rule_cls = next(r for r in all_rules() if r.code == "PAGU-SUM")
    rule = rule_cls(Config().rule_settings(rule_cls.code, rule_cls.family, rule_cls.options))
    assert rule.option("tolerance") == _family_rules("subtotals")["PAGU-SUM"]["tolerance"]
    with pytest.raises(KeyError):
        rule.option("tolerence")


def _copy_with(tmp_path: Path, name: str, text: str) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(default_rules_dir() / "settings.yaml", rules / "settings.yaml")
    (rules / name).write_text(text, encoding="utf-8")
    return rules


def test_unknown_key_in_a_family_file_is_refused(tmp_path):
    rules = _copy_with(tmp_path, "subtotals.yaml", "rules:\n  PAGU-SUM:\n    tolerence: 5\n")
    with pytest.raises(ConfigError) as err:
        load_config(rules)
    assert "PAGU-SUM" in str(err.value) and "'tolerence'" in str(err.value)
    assert "tidak dikenal" in str(err.value) and "tolerance" in str(err.value)
    assert "unknown option 'tolerence'" in err.value.en


def test_wrong_type_is_refused(tmp_path):
    rules = _copy_with(tmp_path, "crosstable.yaml", "rules:\n  XTAB-PAGU:\n    fields: pagu\n")
    with pytest.raises(ConfigError) as err:
        load_config(rules)
    assert "XTAB-PAGU" in str(err.value) and "'fields'" in str(err.value) and "daftar" in str(err.value)


def test_unknown_key_in_settings_yaml_and_unknown_rule_are_refused(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "settings.yaml").write_text("rules:\n  PAGU-SUM: {severity: warning, enabeld: false}\n")
    with pytest.raises(ConfigError, match="enabeld"):
        load_config(rules)
    other = tmp_path / "other"  # (settings files are cached by path)
    other.mkdir()
    (other / "settings.yaml").write_text("rules:\n  PAGU-SUMM: {severity: warning}\n")
    with pytest.raises(ConfigError, match="PAGU-SUMM"):
        load_config(other)


def test_a_partial_family_file_keeps_the_other_defaults(tmp_path):
    rules = _copy_with(tmp_path, "crosstable.yaml", "rules:\n  XTAB-PAGU:\n    tolerance: 5\n")
    config = load_config(rules)
    options = {r.code: r.options for r in all_rules()}
    pagu = config.rule_settings("XTAB-PAGU", "crosstable", options["XTAB-PAGU"])
    assert pagu["tolerance"] == 5 and pagu["fields"] == _family_rules("crosstable")["XTAB-PAGU"]["fields"]
    target = config.rule_settings("XTAB-TARGET", "crosstable", options["XTAB-TARGET"])
    assert {k: v for k, v in target.items() if k != "severity"} == _family_rules("crosstable")["XTAB-TARGET"]


@pytest.mark.parametrize("lang, words", [("id", "opsi 'tolerence' tidak dikenal"),
                                         ("en", "unknown option 'tolerence'")])
def test_cli_says_which_option_and_exits_2(tmp_path, lang, words):
    rules = _copy_with(tmp_path, "subtotals.yaml", "rules:\n  PAGU-SUM:\n    tolerence: 5\n")
    result = CliRunner().invoke(main, ["check", str(SEED), "--config", str(rules), "--lang", lang])
    assert result.exit_code == 2
    assert words in result.output
