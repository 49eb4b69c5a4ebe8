"""Planning: which text goes on which page, and in which module of it.

The issue-level half decides for the whole issue at once: `capacity` models
a page and a story in column-lines (one grid line of one column);
`allocate` decides which articles named on no page go where (or are held
over), which pages send text on and where each continuation lands; `issue`
is the loop that plans the pages in folio order, resolving a page that
cannot hold its text; `page` settles what one page holds; `ads` and
`ad_dummy` book the ads first.

The page-level half arranges one page: `planner` is the scored guillotine
search over the column grid, `shapes` the module shapes a story may take,
`slots` the designer's pinned slots, `fit` what a module holds of a story,
`pages` runs the search over a few reading orders (`plan_memo`: its key
for the watch session's memo).
"""
