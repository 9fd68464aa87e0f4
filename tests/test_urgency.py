"""One referral-urgency scale (assets/data/urgency.yaml), used by id everywhere.

- the scale itself is well formed and every level cites sources that exist;
- every urgency named in data, cases and mark schemes is a level id of the scale;
- no student-facing text (lessons, quizzes, glossaries, data, cases, assignments, the strings the
  package shows) uses another timing word for referral ("prompt", a bare "urgent referral"...).
"""

from __future__ import annotations

import ast
import json
import re

import pytest

from backmice import paths, references, schema, urgency
from conftest import ROOT

IDS = set(urgency.ids())
BIB = references.parse_bib((ROOT / "assets" / "references.bib").read_text(encoding="utf-8"))


def test_the_scale_runs_from_emergency_to_care_within_scope():
    assert urgency.ids() == ("emergency", "same_day", "urgent_cancer", "routine", "scope")
    assert urgency.most_urgent(["routine", "urgent_cancer", "scope"]) == "urgent_cancer"
    assert urgency.most_urgent([]) is None
    assert urgency.more_urgent("emergency", "same_day") and not urgency.more_urgent("scope", "routine")
    for lv in urgency.levels():
        assert lv.refs and set(lv.refs) <= set(BIB), lv.id


def test_an_unknown_level_is_named_with_the_known_ones():
    with pytest.raises(ValueError, match="unknown urgency level 'prompt'.*emergency, same_day"):
        urgency.level("prompt")


def test_a_malformed_scale_is_refused_in_plain_words(own_assets):
    root = own_assets(urgency.levels)
    (root / "data").mkdir()
    (root / "schemas").mkdir()
    (root / "schemas" / "urgency.schema.json").write_bytes((ROOT / "assets" / "schemas" / "urgency.schema.json").read_bytes())
    schema._validator.cache_clear()
    (root / "data" / "urgency.yaml").write_text("levels:\n  - id: now\n    rank: 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"urgency.yaml, levels/0: 'name' is a required property"):
        urgency.levels()


def _yaml(path):
    return paths.read_yaml(path)


def _walk(node, path=()):
    """(key path, value) for every scalar in a YAML tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, path + (str(k),))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, path + (str(i),))
    else:
        yield path, node


URGENCY_KEYS = {"urgency", "answer_urgency", "best"}


@pytest.mark.parametrize("path", sorted((ROOT / "assets" / "data").glob("*.yaml")) +
                         sorted((ROOT / "assets" / "cases").glob("*.yaml")), ids=lambda p: p.name)
def test_every_urgency_in_data_and_cases_is_a_level_of_the_scale(path):
    bad = [("/".join(k), v) for k, v in _walk(_yaml(path)) if k and k[-1] in URGENCY_KEYS and v not in IDS]
    assert not bad, f"{path.name}: urgencies not on the scale {sorted(IDS)}: {bad}"


def test_vignettes_and_cases_decide_on_the_scale():
    vign = _yaml(ROOT / "assets" / "data" / "diagnosis_vignettes.yaml")
    assert "choices" not in vign, "the triage choices are the scale's levels, not a list of their own"
    for v in vign["vignettes"]:
        assert v["answer"] in IDS, v["id"]
    for path in sorted((ROOT / "assets" / "cases").glob("*.yaml")):
        case = _yaml(path)
        assert case["decision"]["best"] in IDS, path.name
        assert set(case["decision"]["feedback"]) == IDS, f"{path.name}: feedback for every level of the scale"


def test_red_flags_name_a_level_of_the_scale():
    for flag in _yaml(ROOT / "assets" / "data" / "management_red_flags.yaml"):
        assert flag["urgency"] in IDS, flag["id"]


# --- other timing words ------------------------------------------------------------------------------------

# A referral timing word that is not a level name. "urgent" is allowed only in the level's own name
# ("urgent suspected-cancer ..."), in "urgent care" / "urgent-care", and inside a citation bracket.
FORBIDDEN = [
    (re.compile(r"\bprompt(ly)?\b(?!:)", re.I), "'prompt'/'promptly' as a timing word"),
    (re.compile(r"\burgent(ly)?\b(?![ -](suspected-cancer|care))", re.I), "'urgent' outside the level name"),
]


def _clean(text: str) -> str:
    text = re.sub(r"\[@[^\]]*\]", " ", text)      # citations
    text = re.sub(r"https?://\S+", " ", text)     # links
    return text


def _hits(text: str) -> list[str]:
    text = _clean(text)
    out = []
    for rx, what in FORBIDDEN:
        for m in rx.finditer(text):
            out.append(f"{what}: ...{text[max(0, m.start() - 50):m.end() + 30]!r}...")
    return out


def _notebook_texts(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        src = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            yield f"{path.name} cell {i}", src
        else:  # string literals a student reads: option texts, mark-scheme rows, messages
            try:
                tree = ast.parse(src)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    yield f"{path.name} cell {i}", node.value


def _yaml_texts(path):
    for k, v in _walk(_yaml(path)):
        if isinstance(v, str) and (not k or k[-1] not in ("id", "refs", "url")):
            yield f"{path.relative_to(ROOT)} {'/'.join(k)}", v


def _python_texts(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value:
            yield f"{path.relative_to(ROOT)} line {node.lineno}", node.value


SOURCES = (sorted((ROOT / "lessons").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*/*.ipynb"))
           + sorted((ROOT / "assets").glob("*/*.yaml")) + sorted(p for p in (ROOT / "backmice").rglob("*.py") if "instructor" not in p.parts))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_other_urgency_words_for_referral(path):
    if path.name in ("urgency.py", "quiz.py", "static_quiz.py"):
        pytest.skip("the scale's own module; the quiz engines (notebook and website), where a 'prompt' is a question's text")
    texts = (_notebook_texts(path) if path.suffix == ".ipynb" else
             _yaml_texts(path) if path.suffix == ".yaml" else _python_texts(path))
    found = [f"{where}: {hit}" for where, text in texts for hit in _hits(text)]
    assert not found, ("timing words that are not levels of the urgency scale "
                       f"({', '.join(lv.name for lv in urgency.levels())}):\n" + "\n".join(found))
