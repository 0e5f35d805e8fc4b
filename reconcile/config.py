"""User-editable settings: the YAML/CSV files under `rules/` (or a copy given with --config)."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def default_rules_dir() -> Path:
    """`rules/` as installed (copied into the package as `reconcile/_rules`) or, in a source
    checkout, the top-level `rules/` folder."""
    package = Path(__file__).resolve().parent
    installed = package / "_rules"
    if (installed / "columns.yaml").is_file():
        return installed
    return package.parent / "rules"


class ConfigError(Exception):
    pass


@functools.lru_cache(maxsize=64)
def _load_yaml(path: Path) -> Any:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            # libyaml's C loader when PyYAML has it: 10x faster (0.13 s of a 1 s check)
            return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: {exc}") from None


@dataclass
class Config:
    """Settings read from a rules directory; a file missing there falls back to the default."""

    rules_dir: Path = field(default_factory=default_rules_dir)
    overrides: dict[str, Any] = field(default_factory=dict)

    def path(self, name: str) -> Path:
        own = self.rules_dir / name
        return own if own.exists() else default_rules_dir() / name

    def load(self, name: str) -> Any:
        return _load_yaml(self.path(name))

    @property
    def columns(self) -> dict[str, Any]:
        return self.load("columns.yaml")

    @property
    def table_kinds(self) -> dict[str, Any]:
        return self.load("table_kinds.yaml")

    @property
    def settings(self) -> dict[str, Any]:
        return self.load("settings.yaml")

    def rule_settings(self, code: str, family: str = "") -> dict[str, Any]:
        """A rule's knobs: its family file (`rules/<family>.yaml`, key `rules: {CODE: …}`),
        overridden by `rules/settings.yaml` (severity, enabled, or any knob)."""
        merged: dict[str, Any] = {}
        if family and self.path(f"{family}.yaml").exists():
            merged.update(((self.load(f"{family}.yaml") or {}).get("rules") or {}).get(code) or {})
        merged.update((self.settings.get("rules") or {}).get(code) or {})
        return merged


def load_config(path: str | Path | None = None) -> Config:
    """`--config` may name a rules directory or a settings.yaml inside one."""
    if path is None:
        return Config()
    p = Path(path)
    if p.is_file():
        p = p.parent
    if not p.is_dir():
        raise ConfigError(f"{path}: not a rules directory or settings file")
    return Config(rules_dir=p)
