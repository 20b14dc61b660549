"""The rules every translation of the book keeps, message by message.

Used by ``tests/test_translation.py`` and by translators, on the files they edit::

    .venv/bin/python -m tests.translation_rules docs/locales/zh_CN/LC_MESSAGES/chapters/softmax.po

A message's math, code, link targets and glued numbers must come through unchanged, and its
terms must follow the glossary (``docs/locales/zh_CN/glossary.md``). A glued number in a
translation names its page (``{glue:text}`softmax.md::key:.4f```): MyST-NB's glue role finds
a page's outputs only through that form when Sphinx parses a translated message on its own.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "docs" / "locales" / "zh_CN"
MESSAGES = LOCALE / "LC_MESSAGES"

MATH = re.compile(r"\$[^$]+\$")
ROLE = re.compile(r"\{([\w:-]+)\}`([^`]*)`")
CODE = re.compile(r"`([^`]+)`")  # after the roles are taken out
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)|<(https?://[^>\s]+)>")
GLUE = re.compile(r"(?:(?P<page>[\w./-]+\.md)::)?(?P<key>[^:`]+)(?P<format>:.*)?")
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,;]+[A-Za-z][A-Za-z'’-]*){4,}")


@dataclass(frozen=True)
class Term:
    english: tuple[str, ...]
    chinese: str
    rejected: tuple[str, ...]

    def used_in(self, text: str) -> bool:
        """Whether ``text`` uses the term (any case, plural too, a space or a hyphen
        between its words)."""
        patterns = (r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", word)))
                    for word in self.english)
        return any(re.search(rf"\b{p}(e?s)?\b", text, re.IGNORECASE) for p in patterns)


def glossary() -> list[Term]:
    """The rows of the glossary's table: English (variants separated by " / "), Chinese,
    rejected variants (comma-separated)."""
    terms = []
    for line in (LOCALE / "glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not line.startswith("|") or cells[0] in ("English", "---"):
            continue
        terms.append(Term(tuple(w.strip() for w in cells[0].split(" / ")), cells[1],
                          tuple(w.strip() for w in cells[2].split(",") if w.strip())))
    return terms


def prose(text: str) -> str:
    """``text`` without its math, roles, code and link targets."""
    for pattern in (ROLE, MATH, CODE, LINK_TARGET):
        text = pattern.sub(" ", text)
    return text


def glue_references(text: str, page: str | None) -> list[tuple[str | None, str, str]]:
    """The glued values of ``text`` as (page, key, format); a reference without a page
    belongs to ``page``, one without a format has MyST-NB's default ``:s`` (which the page
    form must spell out: ``page.md::key`` would be read as the key ``page.md:``)."""
    found = []
    for role, content in ROLE.findall(text):
        if role.startswith("glue"):
            match = GLUE.fullmatch(content)
            found.append((match["page"] or page, match["key"], match["format"] or ":s"))
    return sorted(found)


def role_targets(text: str) -> list[str]:
    """What the roles other than glue point at (``{doc}`text <target>``` or ``{mod}`x```)."""
    targets = []
    for role, content in ROLE.findall(text):
        if not role.startswith("glue"):
            targets.append(content.rsplit("<", 1)[-1].rstrip(">") if "<" in content else content)
    return sorted(targets)


def problems(msgid: str, msgstr: str, page_file: str, fuzzy: bool = False,
             terms: list[Term] | None = None) -> list[str]:
    """What is wrong with the translation ``msgstr`` of ``msgid`` on the page whose file
    name is ``page_file`` (``softmax.md``); an empty list if nothing."""
    if not msgstr:
        return ["not translated"]
    found = ["marked fuzzy"] if fuzzy else []
    for name, pattern in (("math", MATH), ("code", CODE), ("link target", LINK_TARGET)):
        if Counter(pattern.findall(ROLE.sub(" ", msgid))) != Counter(
                pattern.findall(ROLE.sub(" ", msgstr))):
            found.append(f"{name} differs from the English")
    if glue_references(msgid, None) and any(
            page != page_file for page, _, _ in glue_references(msgstr, None)):
        found.append("a glued value without its page: write "
                     f"{{glue:text}}`{page_file}::key:format` (the format :s if none)")
    if glue_references(msgid, page_file) != glue_references(msgstr, page_file):
        found.append("glued values differ from the English")
    if role_targets(msgid) != role_targets(msgstr):
        found.append("role targets differ from the English")
    for term in terms if terms is not None else glossary():
        if not term.used_in(prose(msgid)):
            continue
        if term.chinese.lower() not in msgstr.lower():
            found.append(f"glossary: {term.english[0]!r} is {term.chinese!r}")
        found.extend(f"glossary: {term.english[0]!r} is {term.chinese!r}, not {variant!r}"
                     for variant in term.rejected if variant in msgstr)
    return found


def messages(path: Path) -> list:
    """The messages of the .po file at ``path`` (babel's ``Message``), without the header."""
    with path.open("rb") as file:
        return [message for message in read_po(file) if message.id]


def catalog_problems(path: Path) -> list[tuple[str, list[str]]]:
    """(msgid, problems) for every message of the .po file at ``path`` that has any."""
    page_file = path.with_suffix(".md").name
    terms = glossary()
    found = []
    for message in messages(path):
        issues = problems(message.id, message.string, page_file, message.fuzzy, terms)
        if issues:
            found.append((message.id, issues))
    return found


def main(paths: list[str]) -> int:
    failed = False
    for path in map(Path, paths):
        for msgid, issues in catalog_problems(path):
            failed = True
            print(f"{path.name}: {msgid[:90]!r}\n    " + "\n    ".join(issues))
        for message in messages(path):
            for run in ENGLISH_RUN.findall(prose(message.string or "")):
                print(f"{path.name}: English left? {run!r} (fine in a cited title)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
