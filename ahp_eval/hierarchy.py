"""Compatibility path: solving a hierarchy lives in :mod:`ahp_eval.ahp.hierarchy`."""

from ahp_eval.ahp.hierarchy import *  # noqa: F403
from ahp_eval.ahp.hierarchy import __all__  # noqa: F401 - re-exported
