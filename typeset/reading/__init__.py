"""Reading: an issue folder and its layout into data (model.Issue, reading.layout.Layout), every
problem found reported at its file and line with a hint, before anything is composed.

source.py reads the issue (issue.yaml; articles in Markdown with YAML front matter, through
mdbody.py; photos' sizes), yamlsafe.py parses YAML with line numbers and bounded aliases, and
layout.py reads a grid template with its styles (style.py), print settings and planner settings.
"""
