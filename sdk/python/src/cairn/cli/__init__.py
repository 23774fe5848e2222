"""The ``cairn`` command-line tool, built on the client SDK (``cairn.cli.main:main``)."""
