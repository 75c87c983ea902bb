"""The MkDocs plugins (entry points in pyproject.toml): thin adapters from MkDocs events to the loader and the views.

`core` loads the platform once per build and owns the shared template context; each other plugin adds the
pages of one feature through `pages` (the one generated-page helper: one stub, one escaping policy, one
conflict rule). Plugins keep what they compute per build (git history, search documents) on themselves,
never on the model.
"""
