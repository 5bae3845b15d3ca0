"""The generated pages: the renderer and its Jinja templates, directories across
quarters, editor Markdown, JSON-LD and what each map shows.

Pages are Markdown text handed to whichever engine builds the site; nothing here
imports MkDocs (tests/test_boundaries.py).
"""
