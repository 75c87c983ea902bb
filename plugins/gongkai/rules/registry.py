"""The list of rule modules that register model-wide rules. Add one import line per module."""

from __future__ import annotations
