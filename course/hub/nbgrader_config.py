"""nbgrader's configuration for every server on the course hub (students', the grader's).

course/hub/hub_env.py copies it to the hub environment's etc/jupyter/, where every
account's nbgrader reads it. The course's own settings (timeout, feedback, late
penalty) are in the course folder's nbgrader_config.py, a copy of course/nbgrader_config.py.
"""

import os

c = get_config()  # noqa: F821  (nbgrader provides get_config)

c.CourseDirectory.course_id = "opendata-dk"
# The shared folder through which the grader releases and collects, and students fetch and
# submit; the hub passes its place to every server (jupyterhub_config.py).
c.Exchange.root = os.environ.get("ODDK_HUB_EXCHANGE", "/srv/oddk-hub/exchange")
