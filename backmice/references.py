"""Citations: lessons cite as ``[@key]``; keys resolve in ``assets/references.bib``.

``show(lesson)`` prints the reference list of a lesson (every key it cites, in order of first
citation), so that the list at the end of a lesson can never drift from its text.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

from . import paths

# The course's one citation syntax (lessons, data, the website's and JupyterLab's rewriting):
# a bracket, [@a] or [@a; @b] (group 1: what is inside), and every key inside it.
CITATION = re.compile(r"\[(@[^\]]*)\]")
CITED_KEY = re.compile(r"@([A-Za-z0-9_:\-]+)")


def cited_keys(text: str) -> list[str]:
    """Keys cited in markdown text, in order of first appearance (``[@a]``, ``[@a; @b]``)."""
    keys: list[str] = []
    for bracket in CITATION.finditer(text):
        for key in CITED_KEY.findall(bracket.group(1)):
            if key not in keys:
                keys.append(key)
    return keys


_ENTRY = re.compile(r"@(\w+)\s*\{\s*([^,\s]+)\s*,")
_BRACE = re.compile(r"[{}]")
_FIELD = re.compile(r"\s*,?\s*(\w+)\s*=\s*")
_BARE = re.compile(r"[^,\s]+")


def _close(text: str, start: int, key: str) -> int:
    """Index just past the brace closing the one opened before ``start``."""
    depth = 1
    for m in _BRACE.finditer(text, start):
        depth += 1 if m.group() == "{" else -1
        if depth == 0:
            return m.end()
    raise ValueError(f"entry {key}: unbalanced braces")


def parse_bib(text: str) -> dict[str, dict[str, str]]:
    """A small BibTeX reader for our own file: ``@type{key, field = {value}, ...}``.

    Raises ValueError with the entry's key on malformed input (tests run it on every commit).
    """
    entries: dict[str, dict[str, str]] = {}
    pos = 0
    while m := _ENTRY.search(text, pos):
        kind, key = m.group(1).lower(), m.group(2)
        if kind in ("comment", "string", "preamble"):
            pos = m.end()
            continue
        end = _close(text, m.end(), key)
        body, j = text[m.end():end - 1], 0
        fields: dict[str, str] = {"ENTRYTYPE": kind}
        while j < len(body):
            fm = _FIELD.match(body, j)
            if not fm:
                if body[j:].strip(" \n\t,"):
                    raise ValueError(f"entry {key}: cannot read fields near {body[j:j + 40]!r}")
                break
            name, j = fm.group(1).lower(), fm.end()
            if body.startswith("{", j):
                k = _close(body, j + 1, key)
                value, j = body[j + 1:k - 1], k
            elif body.startswith('"', j):
                k = body.index('"', j + 1)
                value, j = body[j + 1:k], k + 1
            else:
                vm = _BARE.match(body, j)
                if not vm:
                    raise ValueError(f"entry {key}: field {name} has no value")
                value, j = vm.group(0), vm.end()
            fields[name] = " ".join(value.replace("{", "").replace("}", "").split())
        if key in entries:
            raise ValueError(f"entry {key} appears twice")
        entries[key] = fields
        pos = end
    return entries


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> dict[str, dict[str, str]]:
    return parse_bib(Path(path).read_text(encoding="utf-8"))


def bibliography(path: Path | None = None) -> dict[str, dict[str, str]]:
    path = path or paths.assets() / "references.bib"
    return _load(str(path), path.stat().st_mtime)


def _author(name: str) -> str:
    """'Bicket, M. C.' -> 'Bicket MC' (Vancouver style); other forms are kept."""
    if "," not in name:
        return name
    surname, given = (x.strip() for x in name.split(",", 1))
    initials = "".join(ch for ch in given if ch.isupper())
    return f"{surname} {initials}".strip()


def _authors(raw: str) -> str:
    names = [a.strip() for a in raw.split(" and ") if a.strip()]
    et_al = bool(names) and names[-1].lower() == "others"
    if et_al:
        names = names[:-1]
    if len(names) > 6:
        names, et_al = names[:3], True
    return ", ".join(_author(n) for n in names) + (", et al" if et_al else "")


def format_entry(entry: dict[str, str]) -> str:
    """One reference in plain text (Vancouver-like)."""
    parts = []
    if entry.get("author"):
        parts.append(_authors(entry["author"]).rstrip(".") + ".")
    if entry.get("title"):
        parts.append(entry["title"].rstrip(".") + ("" if entry["title"].endswith(("?", "!")) else "."))
    detail = (entry.get("journal") or entry.get("publisher") or entry.get("organization")
              or entry.get("howpublished") or "")
    if entry.get("year"):
        detail += (" " if detail else "") + entry["year"]
    if entry.get("volume"):
        detail += f";{entry['volume']}"
        if entry.get("number"):
            detail += f"({entry['number']})"
    if entry.get("pages"):
        detail += ":" + entry["pages"].replace("--", "\u2013")
    if detail:
        parts.append(detail.strip() + ".")
    if entry.get("doi"):
        parts.append(f"doi:{entry['doi']}.")
    if entry.get("pmid"):
        parts.append(f"PMID {entry['pmid']}.")
    return " ".join(parts)


def link(entry: dict[str, str]) -> str | None:
    if entry.get("doi"):
        return "https://doi.org/" + entry["doi"]
    if entry.get("pmid"):
        return f"https://pubmed.ncbi.nlm.nih.gov/{entry['pmid']}/"
    return entry.get("url")


def _plain_cite(key: str, entry: dict[str, str]) -> str:
    names = [a.strip() for a in entry.get("author", "").split(" and ") if a.strip()]
    if names:
        first = names[0].split(",")[0].strip().strip("{}")
        if len(names) == 2 and names[1].lower() != "others":
            who = f"{first} and {names[1].split(',')[0].strip()}"
        else:
            who = first + (" et al." if len(names) > 1 else "")
    else:
        who = entry.get("organization") or entry.get("title", key)
        who = re.sub(r"\s*\(.*?\)", "", who.strip("[]")).strip()
        if len(who) > 48:
            who = who[:46].rsplit(" ", 1)[0] + "\u2026"
    year = entry.get("year", "")
    return f"{who} {year}".strip()


@lru_cache(maxsize=4)
def _distinct(path: str, mtime: float) -> dict[str, str]:
    """Every key's short citation, with a, b, ... after the year where two or more references
    would read alike ("Collée et al. 1991a", "Collée et al. 1991b"; without a year "NHS Lothian
    n.d.-a"): in order of title, then key."""
    bib = _load(path, mtime)
    alike: dict[str, list[str]] = {}
    for key, entry in bib.items():
        alike.setdefault(_plain_cite(key, entry), []).append(key)
    labels = {}
    for plain, keys in alike.items():
        if len(keys) == 1:
            labels[keys[0]] = plain
            continue
        keys.sort(key=lambda k: (bib[k].get("title", "").casefold(), k))
        # no year: "n.d.-a", "n.d.-b" (no date, as APA writes it)
        stem = plain if bib[keys[0]].get("year") else plain + " n.d.-"
        for i, key in enumerate(keys):
            labels[key] = stem + ("abcdefghijklmnopqrstuvwxyz"[i] if i < 26 else str(i + 1))
    return labels


def short_cite(key: str, *, distinct: bool = True) -> str:
    """'Collée et al. 1991' for a key of references.bib: the first author (two names joined by
    'and', more by 'et al.'); for an entry without authors, its organization or else its title
    (shortened). Where two references of references.bib would read alike, each gets a letter
    after its year, in order of title ("Collée et al. 1991a", "1991b"), the same letter on every
    page and in the reference lists; ``distinct=False``: without the letter. A KeyError names
    an unknown key: the tests check every key the course cites."""
    entry = bibliography().get(key)
    if entry is None:
        raise KeyError(f"{key} is not in references.bib")
    if not distinct:
        return _plain_cite(key, entry)
    path = paths.assets() / "references.bib"
    return _distinct(str(path), path.stat().st_mtime)[key]


def cite_text(keys) -> str:
    """Short citations joined by semicolons, as plain text."""
    return "; ".join(short_cite(k) for k in keys)


def cite_html(keys) -> str:
    """Short citations, each linked to its DOI, PubMed record or URL."""
    bib = bibliography()
    parts = []
    for key in keys:
        text = html.escape(short_cite(key))
        url = link(bib[key])
        parts.append(f"<a href='{html.escape(url)}' target='_blank' rel='noopener'>{text}</a>" if url else text)
    return "; ".join(parts)


def lesson_keys(lesson: str) -> list[str]:
    """Keys cited in the markdown cells of lessons/<lesson>.ipynb, in order."""
    nb = json.loads(paths.lesson_path(lesson).read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return cited_keys(text)


def reference_list_html(keys: list[str], bib: dict[str, dict[str, str]] | None = None) -> str:
    """The reference list: each entry opens with its short citation in bold ("Collée et al.
    1991a", the words the text's citations show), its key kept as the label's title."""
    bib = bib if bib is not None else bibliography()
    rows = []
    for key in keys:
        entry = bib.get(key)
        title = html.escape("@" + key, quote=True)
        if entry is None:
            rows.append(f"<li><b>[@{html.escape(key)}]</b> (missing from references.bib)</li>")
            continue
        url = link(entry)
        try:
            name = short_cite(key)
        except KeyError:  # a bibliography other than references.bib
            name = _plain_cite(key, entry)
        text = html.escape(format_entry(entry))
        anchor = f' <a href="{html.escape(url)}" target="_blank" rel="noopener">{html.escape(url)}</a>' if url else ""
        rows.append(f'<li><b class="bm-ref-label" title="{title}">{html.escape(name)}</b> {text}{anchor}</li>')
    return '<ol class="bm-references" style="line-height:1.5">' + "".join(rows) + "</ol>"


# --- citations in JupyterLab ---------------------------------------------------------------------
# JupyterLab shows markdown as written: "[@collee1991rct]". The lesson's first cell (style.use())
# displays one invisible widget whose front end (js/citations.js) rewrites such brackets in that
# notebook's rendered markdown and HTML outputs as "(Collée et al. 1991a)", linked like the site.

_CITATIONS_JS = Path(__file__).parent / "js" / "citations.js"
_citations_class = None
_citations_shown: tuple | None = None  # (the cell that displayed it, the widget)


def citation_map() -> dict[str, dict[str, str]]:
    """Every key of references.bib -> {"label": short_cite(key), "url": its link or ""}, plus
    "plain": the label without its a/b letter where that differs (cards that already say
    "Collée et al. 1991 [@collee1991rct]" get those words linked, as on the website)."""
    out = {}
    for key, entry in bibliography().items():
        label, plain = short_cite(key), short_cite(key, distinct=False)
        out[key] = {"label": label, "url": link(entry) or ""}
        if plain != label:
            out[key]["plain"] = plain
    return out


def citation_widget():
    """A new invisible widget carrying :func:`citation_map` (anywidget, js/citations.js)."""
    global _citations_class
    if _citations_class is None:
        import anywidget
        import traitlets

        class Citations(anywidget.AnyWidget):
            _esm = _CITATIONS_JS
            # widget HTML (tools' cards) does not colour links as rendered markdown does
            _css = ".bm-cite a { color: var(--jp-content-link-color, #1976d2); }"
            citations = traitlets.Dict().tag(sync=True)

            def __repr__(self) -> str:  # the text/plain fallback (nbconvert, nbgrader): nothing
                return ""

        _citations_class = Citations
    return _citations_class(citations=citation_map())


def _in_kernel() -> bool:
    """Running in a Jupyter kernel (not a script, a test or a plain IPython shell)?"""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def _cell():
    """Which cell the kernel is running (its execution count), or None."""
    from IPython import get_ipython

    shell = get_ipython()
    return getattr(shell, "execution_count", None)


def show_citations() -> bool:
    """Display the citation widget (one alive per kernel): once however often a cell calls it; a
    later cell (the first cell run again, after the page was reloaded) gets a new one and the
    previous one is closed. Nothing outside a kernel or in the site build (which writes citations
    out itself). True when it was displayed now."""
    global _citations_shown
    from . import static

    if static.active() or not _in_kernel():
        return False
    cell = _cell()
    if _citations_shown and _citations_shown[0] == cell:
        return False
    try:
        widget = citation_widget()
    except ImportError:  # no anywidget: the keys stay as written
        return False
    from IPython.display import display

    if _citations_shown:
        _citations_shown[1].close()
    display(widget)
    _citations_shown = (cell, widget)
    return True


def show(lesson: str) -> None:
    """Display the reference list for a lesson (every key its text cites)."""
    from . import static  # the website: one anchor per key for the page's citations to link to

    if static.active():
        return static.show_references(lesson)
    from IPython.display import HTML, display

    display(HTML(reference_list_html(lesson_keys(lesson))))
