"""The planning stage's issue-level half: how much each page can hold and what goes where.

`capacity` models a page and a story in column-lines (one grid line of
one column); `allocate` decides, for the whole issue at once, which
articles named on no page go where (or are held over), which pages send
text on and which page each continuation lands on. The per-page
arrangement (pages.py, planner.py, shapes.py) then solves each page once
with those decisions.
"""
