"""Reports: what a build says about itself, beside the PDFs.

quality.py measures set text (lines, prohibition violations, adjustment ratios, loose lines,
fallbacks, emergency breaks) as composition records it; report.py gathers report.json (pages,
modules, jumps, held-over articles, quality, photos, preflight, warnings) and timings.json;
html.py renders report.json as a page a layout editor reads.
"""
