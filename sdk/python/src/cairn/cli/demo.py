"""``cairn demo``: runs the demo seeder (``python -m cairn.demo``) with the same options."""

from __future__ import annotations

import sys

import click

from .session import Session


@click.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_obj
def demo(session: Session, args: tuple[str, ...]) -> None:
    """Fills a `cairn serve --demo` server's demo organization with live content (see --help).

    Needs the demo extra: pip install 'cairn[demo]'."""
    from ..demo.__main__ import main  # late: the demo imports MLflow and scikit-learn

    argv = list(args)
    # `cairn --url X demo` names the server with the group's option.
    if session.url and "--url" not in argv:
        argv = ["--url", session.url, *argv]
    sys.exit(main(argv))
