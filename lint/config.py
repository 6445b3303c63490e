"""Configuration: `[tool.xxgk-lint]` in pyproject.toml, or .xxgk-lint.toml / .xxgk-lint.yaml,
found by walking up from each checked file; the command line overrides it.

Every value remembers where it came from, so `xxgk-lint config` can say so. Unknown keys are
errors, not silently ignored.

Trust: a configuration file found beside the reports may come with the reports (an agency's
folder). It may choose rules, but it cannot run code: `plugins` are taken only from the command
line (--plugin), an explicit --config, or the user's own configuration file
(~/.config/xxgk-lint/config.toml, %APPDATA%\\xxgk-lint\\config.toml on Windows); anywhere else they are
ignored with a warning. `wording` and `identities` are data, checked when loaded, and run no code: any
configuration file may name them (an identity only adds checks; it cannot turn one off).
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path as FsPath
from typing import Any, Optional

from xxgk_lint.model import Severity

CONFIG_FILES = (".xxgk-lint.toml", ".xxgk-lint.yaml", ".xxgk-lint.yml", "pyproject.toml")
LEVELS = ("error", "warning", "info")
MAX_CONFIG_BYTES = 1024 * 1024


class ConfigError(Exception):
    pass


@dataclass
class Setting:
    value: Any
    source: str


KEYS = {
    "select": "只运行这些规则（代码或前缀）",
    "extend-select": "在默认或 select 之外再运行这些规则",
    "ignore": "不运行这些规则（代码或前缀）",
    "severity": "改变规则的级别：{代码或前缀: error|warning|info}",
    "fail-on": "达到此级别的问题使退出码为 1：error|warning|info",
    "per-file-ignores": "按文件忽略规则：{glob: [代码或前缀]}，glob 相对于配置文件所在目录",
    "money-tolerance": "金额比较的容差（万元），默认按写出的精度",
    "plugins": "另外加载的规则模块（Python 导入路径；只在 --config 指定的或用户自己的配置文件中生效）",
    "wording": "另外加载的措辞数据目录（相对于配置文件所在目录）",
    "identities": "另外加载的本地勾稽关系文件（相对于配置文件所在目录）",
    "edition": "对无法判断格式版本的文件，强制使用此版本：2019 或 2021",
    "year": "对没有写明年度的文件，按此年度检查",
}


@dataclass
class Config:
    """The effective configuration for one file (or for the command as a whole)."""

    settings: dict = field(default_factory=dict)  # key → Setting
    root: Optional[FsPath] = None  # the directory of the configuration file
    untrusted_plugins: Optional[Setting] = None  # plugins a found file asked for, not loaded

    def get(self, key: str, default=None):
        setting = self.settings.get(key)
        return setting.value if setting is not None else default

    def ignored_for(self, path: str) -> tuple:
        patterns = self.get("per-file-ignores", {}) or {}
        if not patterns:
            return ()
        file = FsPath(path).resolve()
        try:
            relative = file.relative_to(self.root).as_posix() if self.root else file.as_posix()
        except ValueError:
            relative = file.as_posix()
        codes = []
        for pattern, listed in patterns.items():
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(file.name, pattern):
                codes.extend(listed)
        return tuple(codes)


def _read(path: FsPath) -> Optional[dict]:
    """The xxgk-lint table of one configuration file, or None when it has none."""
    from xxgk_lint.read import InputError, read_small_text

    try:
        text = read_small_text(str(path), MAX_CONFIG_BYTES, "配置文件")
    except InputError as error:
        raise ConfigError(f"{path}：无法读取配置文件（{error}）") from None
    if path.suffix in (".yaml", ".yml"):
        import yaml

        try:
            content = yaml.safe_load(text) or {}
        except yaml.YAMLError as error:
            from xxgk_lint.yamlerrors import describe

            raise ConfigError(f"{path}：YAML 语法错误（{describe(error)}）") from None
        if not isinstance(content, dict):
            raise ConfigError(f"{path}：顶层应是一个映射")
        return content
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - older Pythons
        import tomli as tomllib
    try:
        content = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}：TOML 语法错误（{_toml_where(str(error))}）") from None
    if path.name == "pyproject.toml":
        return content.get("tool", {}).get("xxgk-lint")
    if set(content) == {"tool"} and isinstance(content["tool"], dict) and set(content["tool"]) == {"xxgk-lint"}:
        # the README's pyproject example pasted as is: the table means the same here
        return content["tool"]["xxgk-lint"]
    return content


def _toml_where(message: str) -> str:
    """Where tomllib's (English) message says the error is, in Chinese: the clerk needs the place, not its prose."""
    import re

    found = re.search(r"at line (\d+), column (\d+)", message)
    where = f"第{found.group(1)}行第{found.group(2)}列附近" if found else (
        "文件末尾" if "end of document" in message else "位置不明")
    for english, told in _TOML_PROBLEMS:
        if english in message:
            return f"{where}：{told}"
    return where


# what tomllib says → what to tell (first match wins)
_TOML_PROBLEMS = (
    ("Unclosed array", "方括号 [ ] 没有闭合"),
    ("Unclosed inline table", "花括号 { } 没有闭合"),
    ("Illegal character '\\n'", "引号没有闭合（文字要写在一行之内的一对引号里）"),
    ("Invalid value", "值要加引号（如 \"W001\"），或写成数字、true/false、[列表]"),
    ("Cannot overwrite a value", "同一个名称写了两次"),
    ("Cannot declare", "同一个名称写了两次"),
    ("Expected '=' after a key", "名称后面少了“=”"),
)


@lru_cache(maxsize=None)
def find(directory: str) -> Optional[FsPath]:
    """The nearest configuration file at or above a directory."""
    here = FsPath(directory).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _read(candidate) is not None):
                return candidate
    return None


@lru_cache(maxsize=None)
def load_file(path: FsPath) -> Config:
    content = _read(path) or {}
    source = f"{path} [tool.xxgk-lint]" if path.name == "pyproject.toml" else str(path)
    config = Config(root=path.parent)
    for key, value in content.items():
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1, cutoff=0.6)
            guess = f"，是不是要用“{close[0]}”？" if close else ""
            raise ConfigError(f"{path}：未知的配置项 “{key}”{guess}（可用：{'、'.join(KEYS)}）")
        config.settings[key] = Setting(_checked(key, value, path), source)
    return config


# a level as a clerk may write it, in the words the output uses
CHINESE_LEVELS = {"错误": "error", "警告": "warning", "提示": "info"}


def _level(value) -> Optional[str]:
    text = str(value).strip()
    return CHINESE_LEVELS.get(text) or (text.lower() if text.lower() in LEVELS else None)


def _shown(value) -> str:
    if isinstance(value, dict):
        return "{" + "，".join(f"{k} = {_shown(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + "，".join(_shown(v) for v in value) + "]"
    return f"“{value}”" if isinstance(value, str) else str(value)


def _checked(key: str, value, path: FsPath):
    def fail(expected: str):
        raise ConfigError(f"{path}：配置项 {key} 应为{expected}，实际为 {_shown(value)}")

    if key in ("select", "extend-select", "ignore", "plugins", "wording", "identities"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            fail("字符串列表")
        if key in ("wording", "identities"):  # data, not code: any configuration file may name them
            return [str((path.parent / v).resolve()) for v in value]
        if key == "plugins":
            return [plugin_name(v, str(path)) for v in value]
        return [v.strip().upper() for v in value]
    if key == "severity":
        if not isinstance(value, dict) or not all(_level(v) for v in value.values()):
            fail("{代码 = 级别} 映射，级别为 error/错误、warning/警告 或 info/提示")
        return {str(k).upper(): Severity.parse(_level(v)) for k, v in value.items()}
    if key == "fail-on":
        if not _level(value):
            fail("error/错误、warning/警告 或 info/提示")
        return _level(value)
    if key == "per-file-ignores":
        if not isinstance(value, dict) or not all(
                isinstance(v, str) or (isinstance(v, list) and all(isinstance(c, str) for c in v))
                for v in value.values()):
            fail("{glob: [代码]} 映射")
        return {str(k): [c.upper() for c in ([v] if isinstance(v, str) else v)] for k, v in value.items()}
    if key == "money-tolerance":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < float("inf"):
            fail("不小于 0 的有限数")  # nan would make every comparison false: nothing ever reported
        return float(value)
    if key == "edition":
        from xxgk_lint.editions import editions

        if str(value) not in editions():
            fail(f"{'或'.join(editions())}")
        return str(value)
    if key == "year":
        if isinstance(value, bool) or not isinstance(value, int) or not 2008 <= value <= 2100:
            fail("年份（如 2023）")
        return value
    return value


def plugin_name(value: str, where: str) -> str:
    """A rule module's import path (a.b.c), nothing else: os:system names a function, not rules."""
    import re

    name = value.strip()
    if not re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", name):
        raise ConfigError(f"{where}：插件 “{name}” 应为规则模块的导入路径（如 my_rules.local），不能带冒号或其他符号")
    return name


def user_config_file() -> FsPath:
    """The user's own configuration file, the only file besides --config that may name plugins."""
    import os

    if os.name == "nt" and os.environ.get("APPDATA"):
        return FsPath(os.environ["APPDATA"]) / "xxgk-lint" / "config.toml"
    home = os.environ.get("XDG_CONFIG_HOME") or str(FsPath.home() / ".config")
    return FsPath(home) / "xxgk-lint" / "config.toml"


def user_plugins() -> list:
    """Plugins named in the user's own configuration file, if there is one."""
    path = user_config_file()
    if not path.is_file():
        return []
    content = _read(path) or {}
    return _checked("plugins", content.get("plugins", []), path) if "plugins" in content else []


def for_path(path: str, overrides: Optional[dict] = None, explicit: Optional[str] = None) -> Config:
    """The configuration that applies to one file: its nearest config file, then the command line."""
    untrusted = None
    if explicit:
        base = load_file(FsPath(explicit).resolve())
    else:
        directory = FsPath.cwd() if path == "-" else FsPath(path).resolve().parent
        found = find(str(directory))
        base = load_file(found) if found else Config()
        untrusted = base.settings.get("plugins")
    merged = Config({k: v for k, v in base.settings.items() if not (untrusted and k == "plugins")}, base.root,
                    untrusted)
    if (overrides or {}).get("select"):
        # as in ruff: a selection on the command line starts afresh from what it names
        merged.settings.pop("ignore", None)
        merged.settings.pop("extend-select", None)
    for key, value in (overrides or {}).items():
        if value is None or value == [] or value == ():
            continue
        if key == "extend-select":
            previous = merged.get("extend-select", [])
            merged.settings[key] = Setting(list(previous) + list(value), "命令行")
        else:
            merged.settings[key] = Setting(value, "命令行")
    return merged


class Configs:
    """The configuration of every file of one run, looked up by file.

    Files in one folder share their configuration (the nearest file above them and the command
    line), so it is found and kept once per folder: a batch of 100,000 reports neither walks up
    the tree 100,000 times nor keeps 100,000 copies."""

    def __init__(self, overrides: Optional[dict] = None, explicit: Optional[str] = None):
        self.overrides, self.explicit = overrides, explicit
        self._by_folder: dict = {}  # folder → (its first file, its Config)

    def __getitem__(self, path: str) -> Config:
        folder = "\0stdin" if path == "-" else os.path.dirname(path)
        found = self._by_folder.get(folder)
        if found is None:
            found = self._by_folder[folder] = (path, for_path(path, self.overrides, self.explicit))
        return found[1]

    def values(self) -> list:
        return [config for _, config in self._by_folder.values()]

    def items(self) -> list:
        """(a file, its configuration) for each folder seen."""
        return list(self._by_folder.values())


def selection_for(config: Config, path: str):
    from xxgk_lint.engine import Selection

    select = tuple(config.get("select", ()) or ())
    extend = tuple(config.get("extend-select", ()) or ())
    if extend and not select:
        select = ()  # extend-select only adds to the default, which is everything already
    elif extend:
        select = select + extend
    ignore = tuple(config.get("ignore", ()) or ()) + tuple(config.ignored_for(path))

    def prefixes(codes):  # ALL, as ruff spells it, is the prefix every code has
        return tuple("" if c == "ALL" else c for c in codes)

    return Selection(select=prefixes(select), ignore=prefixes(ignore),
                     severities=dict(config.get("severity", {}) or {}))


def unknown_codes_in(config: Config, rules: dict) -> Optional[str]:
    """What is wrong, in one Chinese line, if the configuration names a rule code nobody registered."""
    from xxgk_lint.engine import unknown_codes

    for key in ("select", "extend-select", "ignore", "severity", "per-file-ignores"):
        setting = config.settings.get(key)
        if setting is None:
            continue
        value = setting.value
        codes = list(value) if key != "per-file-ignores" else [c for v in value.values() for c in v]
        unknown = unknown_codes(codes, rules)
        if unknown:
            return f"{setting.source}：{key} 中有未知的规则代码 {'、'.join(unknown)}（xxgk-lint rules 列出全部规则）"
    return None


def describe(config: Config) -> list:
    """(key, value, source) for every key, defaults included."""
    defaults = {"fail-on": "error", "select": ["ALL"], "ignore": [], "extend-select": [], "severity": {},
                "per-file-ignores": {}, "money-tolerance": None, "plugins": [], "wording": [], "identities": [], "edition": None,
                "year": None}
    rows = []
    for key in KEYS:
        setting = config.settings.get(key)
        value = setting.value if setting else defaults[key]
        if isinstance(value, dict):
            value = {k: (v.label if isinstance(v, Severity) else v) for k, v in value.items()}
        rows.append((key, value, setting.source if setting else "默认"))
    return rows
