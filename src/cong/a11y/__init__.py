"""Accessibility and real-browser checks (WCAG 2.1 AA, keyboard, reader controls, typography, speed).

This package holds no models or views: it is the home of the browser test suite (``tests/``) and of
the helper that starts a real portal server for it (``server.py``). See docs/accessibility.md.
"""
