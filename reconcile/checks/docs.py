"""docs/rules.md, generated from the registry: `python -m reconcile.checks.docs > docs/rules.md`."""
from __future__ import annotations

import inspect


def render_rules_markdown() -> str:
    from reconcile.checks.registry import all_rules

    rules = all_rules()
    lines = [
        "# Rule catalogue",
        "",
        "Generated from the code by `python -m reconcile.checks.docs > docs/rules.md`; do not edit.",
        "Severities are defaults: `rules/settings.yaml` may change them.",
        "",
        "| code | severity | family | title |",
        "| --- | --- | --- | --- |",
    ]
    for r in rules:
        lines.append(f"| [{r.code}](#{r.code.lower()}) | {r.severity} | {r.family} | {r.title_en} |")
    for r in rules:
        lines += ["", f"## {r.code}", "", f"*{r.severity}* · {r.family} · {r.title}", "",
                  inspect.cleandoc(r.__doc__ or "")]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render_rules_markdown(), end="")
