"""Commands for editors and developers: the CLI, `new`, the field reference, the
JSON Schema and the benchmark.
"""
