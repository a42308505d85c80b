"""nbgrader's configuration for the Open Data DK course (run nbgrader from this folder).

    cd course
    nbgrader generate_assignment a1-find --force   # source/ -> release/ (never by hand)
    nbgrader autograde a1-find                     # submitted/ -> autograded/
    nbgrader generate_feedback a1-find             # autograded/ -> feedback/

See README.md in this folder for the whole instructor guide.
"""

import os

c = get_config()  # noqa: F821  (nbgrader provides get_config)

c.CourseDirectory.course_id = "opendata-dk"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))  # this folder

# A student who deletes a test cell is still graded by it: autograde puts the
# original test back (an edited test cell is always replaced by the original).
c.OverwriteCells.add_missing_cells = True

# Each cell may run this many seconds when grading; an endless loop is stopped
# there, marked as an error, and the rest of the notebook is still graded.
c.Execute.timeout = 60

# `nbgrader zip_collect`: submissions downloaded from an LMS as one zip file, put in
# downloaded/<assignment>/archive/. The LMS names each file after the student; this
# pattern (applied to the file's whole path) reads the student's numeric LMS id and
# the assignment from names such as
#   Canvas: hansenjens_123456_7890123_a1-find.ipynb  (or _LATE_, or a1-find-1.ipynb)
#   Moodle: Jens Hansen_123456_assignsubmission_file_a1-find.ipynb
c.FileNameCollectorPlugin.named_regexp = (
    r"^(?:.*[/\\])?[^_/\\]*?(?:_LATE)?"  # folders, the student's name, Canvas's _LATE
    r"_(?P<student_id>\d+)_.*?"  # _<LMS user id>_ …
    r"(?P<file_id>a[1-4]-[a-z]+)(?:-\d+| ?\(\d+\))?\.ipynb$"  # a1-find.ipynb, a1-find-1.ipynb
)

# Release notebooks start clean: no outputs, no execution counts.
c.ClearOutput.enabled = True

# What a student finds in a blank answer cell: the line to replace, and why Run All
# stops there (the error's own message says it, in red, where the student looks).
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE: replace the next line with your answer, then run this cell.\n"
              "raise NotImplementedError(\"Not answered yet: Run All stops here until you write "
              "your answer in this cell (replace this line).\")"
}
c.ClearSolutions.text_stub = ("YOUR ANSWER HERE: double-click this cell and write your answer "
                              "in place of this line.")

# Feedback students can read (oddk.course_grading.StudentFeedback): nbgrader's page would show
# the hidden tests and, for a failed one, their lines in the traceback; this keeps each failed
# test's hint, drops both, and adds the score per question in Danish and English on top.
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

from oddk.course_grading import StudentFeedback  # noqa: E402

c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, StudentFeedback]

# Late submissions (an assignment's due date is set in the formgrader, Manage Assignments, or
# with `nbgrader db assignment add a1-find --duedate="2026-03-01 23:59 Europe/Copenhagen"`):
# each started day late costs 10 % of the notebook's score.
c.AssignLatePenalties.plugin_class = "oddk.course_grading.LatePenalty"
c.LatePenalty.percent_per_day = 10
