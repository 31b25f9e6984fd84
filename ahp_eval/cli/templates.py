"""``ahp-eval templates``: the indicator library, one template a line."""

from ahp_eval.cli.app import app
from ahp_eval.cli.errors import handle_errors
from ahp_eval.cli.stdout import write_stdout

__all__ = ["templates"]


@app.command(epilog="Example:\n\n  ahp-eval templates")
@handle_errors
def templates() -> None:
    """List the indicator library: each template's name, sector and size."""
    from ahp_eval.io.library import list_templates
    from ahp_eval.report.listing import templates_listing

    write_stdout(templates_listing(list_templates()))
