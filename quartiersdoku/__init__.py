"""Quartiersdoku: public documentation of urban quarters as a static website.

The core (load, validate, model, render) does not import MkDocs; the MkDocs
plugin in :mod:`quartiersdoku.engine.plugin` adapts it.
"""

from __future__ import annotations

from .core.model import City, Quarter
from .core.problems import Problem, ProblemsFound
from .core.settings import Region, Settings
from .core.validate import load_site

__all__ = ["City", "Problem", "ProblemsFound", "Quarter", "Region", "Settings", "load_site"]
__version__ = "0.1.0"
