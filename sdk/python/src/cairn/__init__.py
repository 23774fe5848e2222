"""Cairn's Python package: the model-runtime worker (cairn.runtime); the client SDK comes later."""

__version__ = "0.1.0"
