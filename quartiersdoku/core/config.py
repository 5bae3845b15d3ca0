"""Read the `quartiersdoku` plugin's options from mkdocs.yml without running MkDocs.

The CLI's `validate` and `schema` need only these options, and must not pay
for (or fail on) a full MkDocs configuration load.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads `!ENV`, `!!python/name:` and friends as plain null."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def read_plugin_options(config_file: Path) -> dict[str, Any]:
    """The options of `- quartiersdoku:` in the plugins list, or {}."""
    with config_file.open(encoding="utf-8") as stream:
        config = yaml.load(stream, Loader=_TolerantLoader)
    plugins = config.get("plugins", []) if isinstance(config, dict) else []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    for item in plugins or []:
        if isinstance(item, dict) and "quartiersdoku" in item:
            options = item["quartiersdoku"]
            return options if isinstance(options, dict) else {}
    return {}
