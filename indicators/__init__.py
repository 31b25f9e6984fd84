"""The indicator library: ready-made evaluation files, shipped as ``ahp_eval.indicators``."""
