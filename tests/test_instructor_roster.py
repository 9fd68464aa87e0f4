"""``backmice-course roster import FILE``: the class list, every bad row named in plain words,
nothing half-imported, and re-importing updates names without touching grades."""

import pytest
from nbgrader.api import Gradebook

from backmice.instructor import cli, roster
from backmice.instructor.course import CourseError
from gradebook_class import A0, COURSE, add_assignments, make_course, submit, url

GOOD = """student_id,First Name,Last Name,Email,Canvas ID,SIS User ID,SIS Login ID,Section,Notes
s01,Ana,Silva,ana.silva@example.edu,1001,20067930,asilva,Tue PM,
s02,Jean-Luc,"O'Brien, Jr.",jl.obrien@example.edu,1002,20067931,jobrien,Mon AM,transfer
"""


@pytest.fixture(scope="module")
def _template(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("roster") / "c")
    add_assignments(root, {A0: [("q1_test", 2.0, "code")]})
    with Gradebook(url(root), COURSE) as gb:
        submit(gb, A0, "s01", {"q1_test": 2})
    return root


@pytest.fixture
def course(_template, tmp_path):
    import shutil

    return shutil.copytree(_template, tmp_path / "c")


def _import(capsys, root, text, *extra, name="list.csv", encoding="utf-8"):
    path = root / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    code = cli.main(["--root", str(root), "roster", "import", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def _people(root):
    with Gradebook(url(root), COURSE) as gb:
        return roster.load(gb)


def test_import_then_reimport_updates_names_not_grades(course, capsys):
    code, out, err = _import(capsys, course, GOOD)
    assert code == 0, err
    assert "1 student(s) added, 1 updated, 0 unchanged. Grades were not touched." in out
    assert "column(s) not used: Notes" in out
    people = _people(course)
    assert people["s02"] == roster.Entry("s02", "Jean-Luc", "O'Brien, Jr.", "jl.obrien@example.edu",
                                         "1002", "20067931", "jobrien", "Mon AM")
    assert people["s02"].sortable_name == "O'Brien, Jr., Jean-Luc"
    # the next term's list: s01 changed her name, s02 left; a list without an email column
    code, out, err = _import(capsys, course, "Student ID;Given name;Surname;Section\n"
                                             "s01;Ana;Silva-Costa;Wed AM\n")
    assert code == 0, err
    assert "0 student(s) added, 1 updated" in out
    assert "1 student(s) in the gradebook are not in this file (kept as they are): s02" in out
    people = _people(course)
    assert people["s01"].last_name == "Silva-Costa" and people["s01"].section == "Wed AM"
    assert people["s01"].email == "ana.silva@example.edu" and people["s01"].sis_id == "20067930"  # kept
    with Gradebook(url(course), COURSE) as gb:
        assert gb.find_submission(A0, "s01").score == 2
    code, out, _ = _import(capsys, course, "Student ID;Given name;Surname;Section\ns01;Ana;Silva-Costa;Wed AM\n")
    assert "0 updated, 1 unchanged" in out


def test_id_from_another_column_and_a_bom(course, capsys):
    text = "\ufeffName,SIS Login ID,Email\nAna Silva,asilva,ana@example.edu\n"
    code, _, err = _import(capsys, course, text)
    assert code == 2 and "there is no student id column" in err and "--id-from" in err
    code, out, err = _import(capsys, course, text, "--id-from", "SIS Login ID")
    assert code == 0, err
    assert _people(course)["asilva"].login_id == "asilva"      # the column feeds both


BAD = """student_id,first_name,last_name,email,sis_id
s10,Ana,Silva,ana@example.edu,1
,Bo,Berg,bo@example.edu,2
ann smith,Ann,Smith,ann@example.edu,3
s11,Cy,Chu,not-an-email,4
s10,Di,Dahl,di@example.edu,5
s12,Ed,Eng,ANA@example.edu,1
s13,Fay,"Fox, Jr",fay@example.edu
s14,Gus,Gray,gus@example.edu,7,extra
"""


def test_every_bad_row_is_named_and_nothing_is_imported(course, capsys):
    before = _people(course)
    code, out, err = _import(capsys, course, BAD)
    assert code == 2 and out == "" and "Traceback" not in err
    for words in ["nothing was imported",
                  "row 3: no student id",
                  "row 4: student id 'ann smith' may hold only letters, digits",
                  "row 5: email 'not-an-email' is not an email address",
                  "row 6: student id 's10' is also on row 2",
                  "row 7: email 'ANA@example.edu' is also on row 2; SIS id '1' is also on row 2",
                  "row 8: 4 field(s), but the header has 5",
                  "row 9: 6 field(s), but the header has 5"]:
        assert words in err, words
    assert _people(course) == before                          # nothing half-imported


@pytest.mark.parametrize("content, words", [
    (b"", "the file is empty"),
    (b"student_id,first_name\n", "the file has a header but no students"),
    ("student_id,name\ns1,Zo\xeb\n".encode("latin-1"), "is not UTF-8 text"),
    (b"student_id,email,Email Address\ns1,a@b.cd,a@b.cd\n", "two columns for the email"),
])
def test_file_level_problems(course, capsys, content, words):
    code, _, err = _import(capsys, course, content)
    assert code == 2 and words in err


def test_missing_file_and_read_directly(course, tmp_path):
    with pytest.raises(CourseError, match="no such file"):
        roster.read(tmp_path / "nope.csv")
    (tmp_path / "ok.csv").write_text(GOOD)
    entries, notes, present = roster.read(tmp_path / "ok.csv")
    assert [e.student_id for e in entries] == ["s01", "s02"] and "student_id" in present


def test_a_single_name_column_as_canvas_writes_it(course, capsys):
    text = ('Student,ID,SIS User ID,SIS Login ID,Section\n'
            '"Silva, Ana",1001,20067930,s01,Tue PM\n"O\'Brien, Jr., Jean-Luc",1002,20067931,s02,Mon AM\n'
            'Plato,1003,20067932,s03,Mon AM\n')
    code, out, err = _import(capsys, course, text, "--id-from", "SIS Login ID")
    assert code == 0, err
    assert "not used" not in out                     # "ID" beside "SIS User ID": Canvas's own number
    people = _people(course)
    assert (people["s01"].first_name, people["s01"].last_name) == ("Ana", "Silva")
    assert people["s02"].sortable_name == "O'Brien, Jr., Jean-Luc" and people["s03"].sortable_name == "Plato"
    assert people["s01"].sis_id == "20067930" and people["s02"].section == "Mon AM"
    assert people["s01"].lms_user_id == "1001" and people["s01"].login_id == "s01"
