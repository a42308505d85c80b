"""JupyterHub for the Open Data DK course on one machine (`make hub`; course/README.md, "On a JupyterHub").

- every member of the class list (ODDK_HUB_CLASS) logs in with their own local account
  (PAM) and gets their own JupyterLab server, run as that account (LocalProcessSpawner);
- nbgrader's exchange is a shared folder (ODDK_HUB_STATE/exchange); the Assignments tab
  fetches and submits, Validate checks, Fetch Feedback returns the graded page;
- the formgrader runs as a hub-managed service named after the course, as the grader
  account in the course folder; instructors reach it from the hub's Services menu.

Ports: the hub answers on ODDK_HUB_PORT (8000) and uses the three after it (the proxy's
API, the hub itself, the formgrader). Secrets come from the environment, made fresh by
course/hub/start.py: CONFIGPROXY_AUTH_TOKEN and, if set, ODDK_HUB_ADMIN_TOKEN (a token
for scripts: the tests, the benchmark, your own).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import accounts  # noqa: E402
import settings  # noqa: E402

c = get_config()  # noqa: F821  (JupyterHub provides get_config)

COURSE = settings.COURSE_ID
VENV = settings.venv()
STATE = settings.state()
PORT = settings.port()
members = accounts.read_class(settings.class_csv())
students = sorted(m.account for m in members if m.role == "student")
instructors = sorted(m.account for m in members if m.role == "instructor")

# Where it listens; TLS is the university's proxy's job (course/README.md).
c.JupyterHub.ip = settings.ip()
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = PORT + 2
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT + 1}"
c.ConfigurableHTTPProxy.command = [str(settings.prefix() / "proxy" / "node_modules" / ".bin" /
                                       "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")

# Who may log in: the class list, with the machine's passwords (PAM).
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(students + instructors)
c.Authenticator.admin_users = set(filter(None, os.environ.get("ODDK_HUB_ADMINS", "").split(",")))

# Each server runs as its user, from the hub's environment, in the user's home.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(VENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    "ODDK_HUB_EXCHANGE": str(settings.exchange()),
    "ODDK_ROOT": str(settings.kit_copy()),
}
c.Spawner.start_timeout = 120  # a class logging in at once shares the machine's cores
c.Spawner.http_timeout = 120
# A server with nothing running for an hour stops (its files stay); an idle kernel after 30 min.
c.Spawner.args = ["--ServerApp.shutdown_no_activity_timeout=3600",
                  "--MappingKernelManager.cull_idle_timeout=1800",
                  "--MappingKernelManager.cull_interval=300"]
# A server stopped by the hub ends at SIGTERM at once (SIGINT first would cost seconds each).
c.Spawner.interrupt_timeout = 0

# The instructors' servers may reach the formgrader service: nbgrader's course list asks for it
# with the server's own token. (A student's token never gets it: the hub gives a server token
# only the scopes its owner holds.)
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "access:servers!server",
    f"access:services!service={COURSE}",
    "list:services",
    f"read:services!service={COURSE}",
]
c.JupyterHub.load_groups = {
    f"formgrade-{COURSE}": {"users": instructors},
    f"nbgrader-{COURSE}": {"users": students},
}
c.JupyterHub.load_roles = [
    {
        "name": f"formgrade-{COURSE}",
        "groups": [f"formgrade-{COURSE}"],
        "scopes": [f"access:services!service={COURSE}", "list:services", f"read:services!service={COURSE}"],
    },
]

# The formgrader: a JupyterLab server run by the hub as the grader account in the course folder,
# opening on nbgrader's full formgrader page (the panel inside JupyterLab stays blank on a hub).
c.JupyterHub.services = [
    {
        "name": COURSE,
        "url": f"http://127.0.0.1:{PORT + 3}",
        "command": [str(VENV / "bin" / "jupyterhub-singleuser")],
        "user": settings.grader(),
        "cwd": str(settings.course_dir()),
        "environment": {
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
            "ODDK_HUB_EXCHANGE": str(settings.exchange()),
            "ODDK_ROOT": str(settings.kit_copy()),
        },
        "oauth_no_confirm": True,
    },
]
if os.environ.get("ODDK_HUB_ADMIN_TOKEN"):
    c.JupyterHub.services.append({"name": "oddk-admin", "api_token": os.environ["ODDK_HUB_ADMIN_TOKEN"]})
    c.JupyterHub.load_roles.append({"name": "admin", "services": ["oddk-admin"]})
