"""The class report names each item by its question (its first words), with the cell id
alongside, and links each flagged item to the question's text."""

import html
import json
import re

from nbgrader.api import Gradebook

from backmice.instructor import questions, report
from backmice.instructor.course import Course
from conftest import ROOT
from gradebook_class import A0, COURSE, add_assignments, make_course, submit, url

CELLS = {A0: [("q1_test", 1.0, "code"), ("q2_test", 2.0, "code"), ("q3_test", 1.0, "code"),
              ("q4_test", 3.0, "code"), ("q5_test", 2.0, "code"), ("q6_task", 3.0, "task")]}


def test_each_graded_cell_gets_its_question():
    found = questions.prompts([ROOT / "solutions" / A0 / f"{A0}.ipynb"])
    assert sorted(found) == ["q1_test", "q2_test", "q3_test", "q4_test", "q5_test", "q6_task"]
    q1 = found["q1_test"]
    assert q1.heading == "Question 1"
    assert q1.label == "Question 1: The only randomised controlled trial in this field compared an ..."
    assert "injection of local anaesthetic" in q1.text and "Question 1 (1 point)" in q1.text
    assert found["q6_task"].label.startswith("Question 6: A client tells you:")
    assert "MARK SCHEME" not in found["q6_task"].text          # never the mark scheme


def test_describe_strips_markdown_and_hidden_regions():
    q = questions.describe("x", "### Question 9 (2 points)\n\nIs **this** a [link](http://e.org) `code`?\n"
                                "=== BEGIN MARK SCHEME ===\nsecret\n=== END MARK SCHEME ===")
    assert q.label == "Question 9: Is this a link code ?" and "secret" not in q.text
    assert questions.describe("y", "Just words, no heading.").label == "Just words, no heading."


def test_report_names_items_and_links_flagged_ones(tmp_path):
    root = make_course(tmp_path / "c", solutions=(A0,))
    add_assignments(root, CELLS)
    with Gradebook(url(root), COURSE) as gb:
        for i in range(6):   # nobody earns q1 (flagged: check the key); the rest follow ability
            a = i / 5
            submit(gb, A0, f"s{i}", {"q1_test": 0, "q2_test": round(2 * a), "q3_test": round(a),
                                     "q4_test": round(3 * a), "q5_test": round(2 * a), "q6_task": 2})
    course = Course.open(root)
    summary = report.build(course, [A0])
    data = summary.assignments[0]
    flagged = [s.name for s in data.stats if s.flags]
    assert flagged == ["q1_test"]
    assert summary.lines()[0].startswith(
        "a0_orientation: 6 submission(s) analysed, items to check: Question 1: The only randomised "
        "controlled trial in this field compared an ... (q1_test)")
    page = report.render(summary)
    row = re.search(r"<tr class='flag' data-item='q1_test'><td>(.*?)</td>", page).group(1)
    assert row == ("<a href='#q-a0_orientation-q1_test'>Question 1: The only randomised controlled trial "
                   "in this field compared an ...</a> <code>q1_test</code>")
    target = re.search(r"<details id='q-a0_orientation-q1_test' open><summary>(.*?)</summary>"
                       r"<pre class='question'>(.*?)</pre>", page, re.S)
    assert target and "looks broken" in target.group(1)
    assert "injection of local anaesthetic" in html.unescape(target.group(2))
    assert "<details id='q-a0_orientation-q2_test'><summary>" in page   # unflagged: closed
    blob = re.search(r"<script type='application/json' id='report-data'>(.*?)</script>", page, re.S).group(1)
    got = json.loads(html.unescape(blob))[A0]
    assert got["questions"]["q4_test"].startswith("Question 4: Match each statement")
    assert [i["name"] for i in got["items"]][:2] == ["q1_test", "q2_test"]  # ids unchanged
