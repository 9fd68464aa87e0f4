"""Citations: every key cited anywhere resolves in assets/references.bib, which is well formed."""

import json
import re

import pytest
import yaml

from backmice import references
from conftest import LESSONS, ROOT, SOLUTIONS

BIB = references.parse_bib((ROOT / "assets" / "references.bib").read_text(encoding="utf-8"))


def test_every_entry_has_a_doi_pmid_or_url_and_a_status_note():
    assert len(BIB) >= 50
    for key, entry in BIB.items():
        assert re.fullmatch(r"[a-z0-9]+", key), key
        assert entry.get("doi") or entry.get("pmid") or entry.get("url"), key
        assert entry.get("note"), f"{key}: say in a note how the source was verified"
        if entry.get("doi"):
            assert re.fullmatch(r"10\.\d{4,9}/\S+", entry["doi"]), key
        if entry.get("pmid"):
            assert entry["pmid"].isdigit(), key


def _cited_everywhere():
    found = {}
    for nb in LESSONS + SOLUTIONS:
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            for key in references.cited_keys("".join(cell["source"])):
                found.setdefault(key, nb.relative_to(ROOT))
    for path in sorted((ROOT / "assets").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for key in references.cited_keys(text):
            found.setdefault(key, path.relative_to(ROOT))
        for match in re.finditer(r"refs:\s*\[([^\]]*)\]", text):
            for key in re.split(r"[,\s]+", match.group(1).strip()):
                if key:
                    found.setdefault(key, path.relative_to(ROOT))
    for path in sorted((ROOT / "assets").rglob("*.json")):
        for key in re.findall(r'"(?:ref|key|cite)"\s*:\s*"([a-z0-9]+)"', path.read_text(encoding="utf-8")):
            found.setdefault(key, path.relative_to(ROOT))
    return found


def test_every_cited_key_resolves():
    missing = {k: str(where) for k, where in _cited_everywhere().items() if k not in BIB}
    assert not missing, f"cited but not in references.bib: {missing}"


def test_cited_keys_parsing():
    text = "Fat [@a; @b-c] and [@a], not an email a@b.c nor [see @d]."
    assert references.cited_keys(text) == ["a", "b-c"]


def test_bib_reader_reports_errors_with_the_key():
    with pytest.raises(ValueError, match="entry x: unbalanced"):
        references.parse_bib("@article{x, title = {open")
    with pytest.raises(ValueError, match="appears twice"):
        references.parse_bib("@misc{x, url={u}}\n@misc{x, url={v}}")


def test_format_and_link():
    entry = BIB["collee1991rct"]
    text = references.format_entry(entry)
    assert text.startswith("Collée G, Dijkmans BA") and "J Rheumatol 1991;18(7):1060\u20131063" in text
    assert references.link(entry) == "https://pubmed.ncbi.nlm.nih.gov/1833543/"
    assert references.link({"doi": "10.1/x"}) == "https://doi.org/10.1/x"


@pytest.mark.parametrize("lesson", [p.stem for p in LESSONS])
def test_lesson_reference_list_is_built_from_its_citations(lesson):
    keys = references.lesson_keys(lesson)
    html = references.reference_list_html(keys)
    assert html.count("<li>") == len(keys) and "missing from references.bib" not in html


def test_every_glossary_and_data_file_is_valid_yaml():
    for path in sorted((ROOT / "assets").rglob("*.yaml")):
        yaml.safe_load(path.read_text(encoding="utf-8"))


def test_no_yaml_list_mixes_text_with_an_accidental_mapping():
    """An unquoted list item such as `- Claim: explanation` parses as a mapping, not text
    (found once in the web-page data by `make bench`)."""
    def walk(obj, where, found):
        if isinstance(obj, dict):
            for k, v in obj.items():
                walk(v, f"{where}.{k}", found)
        elif isinstance(obj, list):
            if any(isinstance(x, str) for x in obj) and any(isinstance(x, dict) for x in obj):
                found.append(where)
            for i, x in enumerate(obj):
                walk(x, f"{where}[{i}]", found)

    found = []
    for path in sorted((ROOT / "assets").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name, found)
    assert not found, f"quote these list items (they contain ': '): {found}"


def test_short_citations_that_read_alike_get_a_letter_after_the_year():
    # two papers by Collée et al. in 1991: a and b, in order of title, here and in the lists
    assert references.short_cite("collee1991rct") == "Collée et al. 1991a"
    assert references.short_cite("collee1991frequency") == "Collée et al. 1991b"
    assert references.short_cite("collee1991rct", distinct=False) == "Collée et al. 1991"
    labels = {}
    for key in BIB:
        labels.setdefault(references.short_cite(key), []).append(key)
    assert {label: keys for label, keys in labels.items() if len(keys) > 1} == {}
    from backmice import static

    listed = static.references_html(["collee1991rct", "collee1991frequency"])
    assert "Collée et al. 1991a.</span>" in listed and "Collée et al. 1991b.</span>" in listed
    assert ">Collée et al. 1991a</a>" in static.cite_brackets("[@collee1991rct]", {"collee1991rct"})
