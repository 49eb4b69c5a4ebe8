"""The reference composer: Knuth & Plass's item per character, slow and obviously correct.

typeset.text composes from rows, one per junction of two characters
(typeset/text/rows.py). This package keeps the form the rows replaced --
one Box per character and the Glue and Penalties between them (itemize.py),
read into the same breaker (breaker.py, kp_para.py), set item by item
(setter.py) -- so tests can check the composer against it on random text
(tests/test_fast_path.py) and state breaker cases as items. Nothing in
typeset/ imports it.
"""
