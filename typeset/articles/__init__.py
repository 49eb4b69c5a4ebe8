"""Articles: an article composed into a story, and what its shape needs on the grid.

article.py composes an article (headline group at the sizes its style allows, body, photos with
captions) into a `Story` of blocks and grid-line units; vertical.py sets a Chinese headline
down a column; flow.py flows a story's units into columns (balanced, or filled and the rest
returned: "column full" is a value); geometry.py says what a story needs in a module of a given
width (its header, photos and body lines), which the planner asks of every width it tries.
furniture.py sets the page furniture whose size planning must know (the imprint band), and
locale.py words what follows from the language (dates, weekdays, list separators).
"""
