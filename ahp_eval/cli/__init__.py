"""The ``ahp-eval`` command line: each command loads, computes and delivers.

One module per command; the options they share are in :mod:`ahp_eval.cli.options`,
and :mod:`ahp_eval.cli.errors` is the one place that turns exceptions into exit codes
(0 success, 1 inconsistent, 2 invalid input, 3 internal error).
"""

from ahp_eval.cli.app import app, main

# Importing a command's module registers it; --help lists them in this order.
# isort: off
from ahp_eval.cli import weigh, score, check, repair, sensitivity, templates, init
from ahp_eval.cli import reliability, questionnaire
from ahp_eval.cli import schema, sql
# isort: on

__all__ = [
    "app",
    "check",
    "init",
    "main",
    "questionnaire",
    "reliability",
    "repair",
    "schema",
    "score",
    "sensitivity",
    "sql",
    "templates",
    "weigh",
]
