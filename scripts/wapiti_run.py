"""Run Debian's wapiti 3.0.4 with one fix: its URL exclusions (-x) compile a regular expression
with the flags at the end, which Python 3.11 rejects ("global flags not at the start").

Run with the system Python (/usr/bin/python3), where Debian installs wapitiCore.
"""

import re
import sys

from wapitiCore.main.wapiti import wapiti_main
from wapitiCore.net import crawler


def wildcard_translate(pattern):
    """The same translation (only * is a wildcard), with the flags first."""
    return re.compile("(?ms)" + ".*".join(re.escape(part) for part in pattern.split("*")) + r"\Z")


crawler.wildcard_translate = wildcard_translate

if __name__ == "__main__":
    sys.exit(wapiti_main())
