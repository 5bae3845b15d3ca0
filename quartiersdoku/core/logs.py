"""The one logger of the project, which puts "quartiersdoku: " before every message.

It logs under `mkdocs.plugins.quartiersdoku`, so `mkdocs build --strict` fails on
its warnings (the mkdocstrings habit). This module imports no MkDocs: the name is
only a string.
"""

from __future__ import annotations

import logging
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from .problems import tagged

LOGGER_NAME = "mkdocs.plugins.quartiersdoku"

if TYPE_CHECKING:
    _Adapter = logging.LoggerAdapter[logging.Logger]
else:
    _Adapter = logging.LoggerAdapter


class TaggedLogger(_Adapter):
    """A logger adapter that adds the prefix (`problems.tagged`) to each message."""

    def process(
        self, msg: Any, kwargs: MutableMapping[str, Any]
    ) -> tuple[Any, MutableMapping[str, Any]]:
        return tagged(str(msg)), kwargs


#: Messages with the prefix; `log.logger` logs without it (the editors' hints).
log = TaggedLogger(logging.getLogger(LOGGER_NAME), {})
