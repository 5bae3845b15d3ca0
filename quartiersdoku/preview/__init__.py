"""The preview of `scripts/serve`: what is cached between rebuilds and the notice
that shows editors the problems of their files on every page.
"""
