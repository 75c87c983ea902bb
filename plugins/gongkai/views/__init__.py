"""Views: what each kind of generated page or output file needs, computed from the loaded model.

A view module turns the model into what one kind of page shows (directory listings, the home, search
documents and facets, the 年报 tables, charts and data files, feeds, open data, the sitemaps, the cached
nav) and never decides a rule. Views import the model; they never import `gongkai.mkdocs_plugins`, whose
plugins adapt MkDocs events to these views.
"""
