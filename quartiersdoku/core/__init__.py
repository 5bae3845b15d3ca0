"""The domain: the model of quarter and city files, loading with positions, German
validation messages, the validated site, settings, dates, hours, tracking and URLs.

Nothing here imports MkDocs, Jinja or an export library (tests/test_boundaries.py).
"""
