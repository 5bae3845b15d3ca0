"""The only door to MkDocs and Material: the plugin and its options, the stash of
generated HTML, the preview's page marking, side files, minified assets and the
atomic build. Everything outside this package runs without MkDocs
(tests/test_boundaries.py), so another engine is a change of this package only.
"""
