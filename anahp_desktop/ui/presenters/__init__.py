"""Presenters: what the window says, decided without a window (tested without one).

Each turns engine data into the texts and tones the views show; the main
window only connects them to widgets.
"""
