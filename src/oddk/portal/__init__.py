"""The practice portal: a small local server speaking the part of CKAN's Action API
that the kit uses, loaded with the embedded catalogue.

Participants practise finding and publishing with the very calls that opendata.dk
answers (`package_search`, `package_create`, `resource_create` with an upload …),
without an account on the real portal and without internet.

    oddk portal serve                 # http://127.0.0.1:5000, state in build/portal-data
    oddk portal token create anna     # prints an API token once

Modules: `app` (routes and CKAN's envelope), `actions` (what actions share), `reads`
and `writes` (one function per action), `uploads` (files), `store` (SQLite state),
`search` (package_search), `validate` (opendata.dk's schema), `auth` (tokens), `pages`
(the web page), `server` (start and stop), `binder` (jupyter-server-proxy), `testing`
(start one for a test or a notebook run). See README.md here for Binder.
"""
