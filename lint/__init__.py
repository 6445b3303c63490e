"""xxgk-lint: a linter for annual reports on government information disclosure.

The data flows one way: read → recognise → validate → check → report.
"""

__version__ = "0.1.0"
