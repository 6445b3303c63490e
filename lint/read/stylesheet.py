"""What a web page's own <style> hides on screen: a page may carry a second, print copy of the
report (<div class="print-copy">, hidden by `.print-copy{display:none}`), which a clerk never sees.

Only what can be told without a browser: rules in the page's own <style> elements (nothing is
fetched), with simple selectors (.class, #id, tag.class, tag#id, .a.b, comma lists of them), at the
top level or inside an `@media screen` / `@media all` block. A rule under `@media print`, or under
a condition on the screen's size, hides nothing on the clerk's screen; a selector with a combinator,
an attribute or a pseudo-class says too little to follow, and a bare tag is not followed either
(`body{display:none}` until a script shows the page). Rules that disagree are weighed as a browser
weighs them: !important, then the more specific, then the later.

The web page reader asks `hidden_by` once for each set of attributes it meets (it remembers the
answers), so a page whose stylesheet hides something costs a few lookups, not a walk of its own.
"""

from __future__ import annotations

import itertools
import re
from typing import Optional

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_STATEMENT = re.compile(r"@(?:import|charset|namespace)\b[^;{}]*;?", re.I)  # at-rules without a block
_BRACES = re.compile(r"[{}]")
MAX_DEPTH = 4  # @media inside @supports …: deeper nesting is a broken or hostile sheet, skipped
_SIMPLE = re.compile(r"^([a-z][a-z0-9]*)?((?:[.#][A-Za-z_][\w-]*|[.#]-[A-Za-z_][\w-]*)+)$")
_PART = re.compile(r"([.#])(-?[A-Za-z_][\w-]*)")
_TAG = re.compile(r"^[A-Za-z][A-Za-z0-9]*")
# media a clerk's screen is: the whole query, with no condition on the screen's size
_SCREEN = re.compile(r"^(?:only\s+)?(?:screen|all)$")
_HIDING = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)", re.I)


def may_hide(style_text: str) -> bool:
    """The cheap test first, one pass in C: whether a page's style text hides anything at all
    (overflow:hidden, on most pages, does not)."""
    return _HIDING.search(style_text) is not None


def hidden_selectors(css: str) -> dict:
    """{simple selector: (hidden, important, order)} for each selector whose display or visibility
    the page's stylesheet sets on screen: hidden or shown again, !important or not, and the place of
    the rule that decides it (the later one, as in a browser, unless an earlier one is !important)."""
    found: dict = {}
    css = _STATEMENT.sub(" ", _COMMENT.sub(" ", css).replace("<!--", " ").replace("-->", " "))
    _rules(css, 0, True, found, itertools.count(), 0)
    return found


def _rules(css: str, at: int, applies: bool, found: dict, order, depth: int) -> int:
    """Read rules from `at` up to the closing brace of the block they are in (or the end); return
    where reading stopped. `applies`: whether this block's rules are in force on screen; `order`
    counts the rules met, for a later rule to win."""
    length = len(css)
    while at < length:
        opening = css.find("{", at)
        if opening == -1:  # no rule follows
            return length
        closing = css.find("}", at, opening)
        if closing != -1:
            if depth:
                return closing + 1  # this block ends before another opens
            at = css.rfind("}", at, opening) + 1  # stray closing braces at the top end nothing
        prelude = css[at:opening].strip()
        if prelude.startswith("@"):
            name = prelude.split(None, 1)[0].lower()
            if name in ("@media", "@supports") and depth < MAX_DEPTH:
                query = prelude[len(name):].strip().lower()
                inner = applies and (name == "@supports" or _on_screen(query))
                at = _rules(css, opening + 1, inner, found, order, depth + 1)
            else:  # @font-face, @keyframes, @page …: nothing here hides an element (nor too deep a block)
                at = _skip_block(css, opening + 1)
            continue
        closing = css.find("}", opening + 1)
        if closing == -1:
            closing = length
        if applies:
            shown = _shown(css[opening + 1:closing])
            if shown is not None:
                visible, important = shown
                for selector in prelude.split(","):
                    # a tag is named in any case (DIV.x), a class or an id in its own
                    selector = _TAG.sub(lambda tag: tag.group().lower(), " ".join(selector.split()), 1)
                    if _SIMPLE.match(selector):
                        earlier = found.get(selector)
                        if earlier is None or important or not earlier[1]:
                            found[selector] = (not visible, important, next(order))
        at = closing + 1
    return length


def _on_screen(query: str) -> bool:
    return any(_SCREEN.match(medium.strip()) for medium in query.split(","))


def _skip_block(css: str, at: int) -> int:
    """Where the block opened just before `at` ends (after its closing brace), or the end."""
    depth = 1
    for brace in _BRACES.finditer(css, at):
        depth += 1 if brace.group() == "{" else -1
        if not depth:
            return brace.end()
    return len(css)


def _shown(declarations: str) -> Optional[tuple]:
    """(visible, important) as the declarations leave display and visibility; None where they set
    neither."""
    visible = important = None
    for declaration in declarations.split(";"):
        name, colon, value = declaration.partition(":")
        if not colon:
            continue
        name = name.strip().lower()
        if name not in ("display", "visibility"):
            continue
        value = "".join(value.lower().split())
        mark = value.endswith("!important")
        value = value.removesuffix("!important")
        if name == "display":
            visible = value != "none"
        elif value in ("hidden", "collapse"):
            visible = False
        elif value == "visible":
            visible = True
        else:
            continue
        important = mark
    return None if visible is None else (visible, bool(important))


def specificity(selector: str) -> tuple:
    """(ids, classes, tags) of a simple selector, as a browser weighs rules against each other."""
    return selector.count("#"), selector.count("."), 0 if selector[:1] in ".#" else 1


def _parts(selector: str) -> tuple:
    """(tag or None, classes, id or None) of a simple selector."""
    match = _SIMPLE.match(selector)
    parts = _PART.findall(match.group(2))
    ids = {name for kind, name in parts if kind == "#"}
    identity = None if not ids else ids.pop() if len(ids) == 1 else "\0"  # #a#b matches nothing
    return match.group(1), frozenset(name for kind, name in parts if kind == "."), identity


def screen_rules(css: str) -> dict:
    """The page's rules on showing and hiding (`css`, the text of its <style> elements), looked up
    by a class or the id each names: {"." + class or "#" + id: [(tag, classes, id, weight, hides)]},
    the weight being how a browser ranks rules (!important, then the more specific, then the
    later). Empty where nothing is hidden: such a page needs no look at its elements."""
    rules = hidden_selectors(css)
    if not any(hides for hides, _, _ in rules.values()):
        return {}
    by_key: dict = {}
    for selector, (hides, important, order) in rules.items():
        tag, classes, identity = _parts(selector)
        key = "#" + identity if identity else "." + min(classes)
        by_key.setdefault(key, []).append((tag, classes, identity, (important, specificity(selector), order), hides))
    return by_key


def hidden_by(rules: dict, attributes: dict, tag: str) -> tuple:
    """(hidden, by its tag): whether the rules (screen_rules) hide an element of these attributes
    and this tag, and whether a rule naming a tag (div.x) took part, so that the answer holds for
    this tag only. Where rules disagree (.tab{display:none} .tab.active{display:block}) the one a
    browser follows decides; the element's own style="display:block" shows it unless the hiding
    rule is !important."""
    names = attributes.get("class", "").split()
    identity = attributes.get("id")
    decided = None
    by_tag = False
    for key in ["." + name for name in names] + (["#" + identity] if identity else []):
        for wanted_tag, classes, wanted_id, weight, hides in rules.get(key, ()):
            if (wanted_id is None or wanted_id == identity) and classes.issubset(names):
                by_tag = by_tag or wanted_tag is not None
                if (wanted_tag is None or wanted_tag == tag) and (decided is None or weight > decided[0]):
                    decided = (weight, hides)
    if decided is None or not decided[1]:
        return False, by_tag
    important = decided[0][0]
    return important or not _shown_inline(attributes.get("style")), by_tag


def _shown_inline(style: Optional[str]) -> bool:
    if not style:
        return False
    shown = _shown(style)
    return shown is not None and shown[0]
