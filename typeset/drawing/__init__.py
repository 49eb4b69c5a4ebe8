"""Drawing: planned pages into PagePlans, the display lists every backend reads (plan.py).

pages.py draws every page once the issue is planned: its modules (module.py: headline group,
photos, body columns, the jump line naming where the text really went), the masthead, folio
and imprint (masthead.py), teasers in the ear or a box (teasers.py), ads, and the rules
between modules. Nothing here touches a PDF.
"""
