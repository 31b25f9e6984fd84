"""Compatibility path: the matrix maths lives in :mod:`ahp_eval.ahp.matrix`."""

from ahp_eval.ahp.matrix import *  # noqa: F403
from ahp_eval.ahp.matrix import __all__  # noqa: F401 - re-exported
