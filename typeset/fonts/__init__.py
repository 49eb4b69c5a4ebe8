"""Fonts: the faces a layout's roles name, what layout asks of them, and how they are kept.

fontset.py reads fonts/fonts.yaml and opens the faces of each role's fallback chain (the real
`Metrics`); metrics.py is the small interface layout asks through (which face draws a character,
how wide) and the fake metrics tests use; cff.py converts CFF-outline faces to TrueType copies
reportlab can embed; face_cache.py keeps the faces reportlab parsed between builds.
"""
