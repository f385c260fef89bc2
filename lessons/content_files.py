"""Reading the course's YAML files (lessons/content): with libyaml's parser, which PyYAML's
wheels include, rather than the pure-Python one, which took over a second of each course load
(24 files); the same safe loader otherwise (no Python objects from a file)."""

from pathlib import Path

import yaml

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # a PyYAML built without libyaml
    from yaml import SafeLoader


def read_yaml(path):
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SafeLoader)  # noqa: S506 - a safe loader  # nosec B506
