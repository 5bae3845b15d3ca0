"""The search: German stemming for lunr (Material's search) and the Pagefind index
of large sites. Nothing here imports MkDocs (tests/test_boundaries.py).
"""
