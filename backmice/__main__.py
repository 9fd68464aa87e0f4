"""``python -m backmice lab``: open the course without ``make`` (see backmice/launcher.py).

Run from the course folder with any Python: this file checks the version first, in syntax that
old Pythons can still read, so a learner with an old Python gets a sentence, not a SyntaxError
from the modern code in the launcher.
"""

import sys

MINIMUM = (3, 11)


def main(argv=None):
    if tuple(sys.version_info[:2]) < MINIMUM:
        found = ".".join(str(v) for v in sys.version_info[:3])
        sys.stderr.write(
            "backmice: the course needs Python 3.11 or newer; this is Python " + found + ". "
            "Install a newer Python from https://www.python.org/downloads/ and run the same command "
            "with it (on Windows: py -3.11 -m backmice lab).\n")
        return 1
    from backmice import launcher

    return launcher.main(argv)


if __name__ == "__main__":
    sys.exit(main())
