"""Renderers: turn result objects into text, Markdown, CSV, JSON or rich tables."""
