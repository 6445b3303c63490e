"""Entry points of one group, read straight from the installed distributions' metadata folders.

Rule packs (and the built-in rules) register in the entry-point group `xxgk_lint.rules`. The
standard `importlib.metadata.entry_points` finds them too, but on the way it imports the email
package and parses every installed distribution's METADATA, which is a good share of a single
check's start-up. What we need is only the `entry_points.txt` of each `*.dist-info` / `*.egg-info`
folder on `sys.path`, the first distribution of a name winning, as importlib.metadata does.
Where sys.path holds something this does not read (a zip archive), importlib.metadata answers.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from importlib import import_module

_SUFFIXES = (".dist-info", ".egg-info")


def normalized(name: str) -> str:
    """A distribution's name as packaging compares names (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class EntryPoint:
    name: str
    value: str  # module or module:attribute, perhaps with [extras]
    group: str
    dist_name: str = ""  # normalized; "" for a module named on the command line

    def load(self):
        """The object the entry point names: the module, or the attribute within it."""
        target = self.value.split("[", 1)[0].strip()
        module_name, _, attribute = target.partition(":")
        loaded = import_module(module_name.strip())
        for part in filter(None, attribute.strip().split(".")):
            loaded = getattr(loaded, part)
        return loaded


def _sections(text: str) -> dict:
    """entry_points.txt (an INI file) as {group: [(name, value)]}."""
    sections: dict = {}
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1].strip(), [])
        elif current is not None and "=" in line:
            name, _, value = line.partition("=")
            current.append((name.strip(), value.strip()))
    return sections


def _folders():
    """(distribution name, metadata folder) of each distribution on sys.path, in path order;
    None when a path entry is an archive this scan does not read."""
    for entry in sys.path:
        place = entry or "."
        if not os.path.isdir(place):
            if os.path.exists(place):
                yield None  # a zip on the path: leave it to importlib.metadata
            continue
        try:
            names = sorted(os.listdir(place))
        except OSError:
            continue
        for name in names:
            if name.endswith(_SUFFIXES):
                yield normalized(name.rsplit(".", 1)[0].split("-", 1)[0]), os.path.join(place, name)


def entry_points(group: str) -> list:
    """Every entry point registered in `group` by the installed distributions."""
    found, seen = [], set()
    for item in _folders():
        if item is None:
            return _standard(group)
        dist, folder = item
        if dist in seen:
            continue  # an earlier path entry holds this distribution; this copy is shadowed
        seen.add(dist)
        path = os.path.join(folder, "entry_points.txt")
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError:
            continue  # no entry points (or not a folder: an old single-file egg-info)
        found += [EntryPoint(n, v, group, dist) for n, v in _sections(text).get(group, [])]
    return found


def _standard(group: str) -> list:
    from importlib import metadata

    return [EntryPoint(e.name, e.value, group, normalized(e.dist.name) if e.dist else "")
            for e in metadata.entry_points(group=group)]
