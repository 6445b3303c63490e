"""The built-in rules of xxgk-lint, installed as the package `xxgk_lint_rules`.

They register through the entry-point group `xxgk_lint.rules`, exactly as a third-party rule
package would (see pyproject.toml). One module per rule family.
"""
