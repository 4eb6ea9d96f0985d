"""Signals of the core, for apps that must react to another app's work without knowing it."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by an importer (JSON Lines, NukeViet) after a run that saved something; ``count`` = objects
# created or updated. Search refreshes its planner statistics: many rows arrived at once.
content_imported = Signal()
