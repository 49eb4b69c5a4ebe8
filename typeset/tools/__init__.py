"""Tools around the pipeline: what people and jobs run, built on `typeset.build` and `lay_out`.

cli.py is the `typeset` command (build, preflight, preview, watch, check); batch.py builds
several issues side by side for the nightly job; watch.py rebuilds on every save and serves the
previews (watch_page.html), which preview.py draws from PagePlans; check.py checks an issue
without building it; warm_fonts.py converts the CFF faces at setup; bench*.py are `make bench`.
"""
