"""``python -m ahp_eval`` runs the command line."""

from ahp_eval.cli import main

main()
