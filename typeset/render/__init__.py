"""Rendering: PagePlans into the files that go to the press, and the output folder as a transaction.

pdf.py draws PagePlans through reportlab as PDF/X (pdfx.py: output intent, boxes, marks;
pdf_ad.py: placed PDF ads as vectors; images.py and colour.py: photos cropped, downsampled and
separated for newsprint); write.py draws and preflights every file on several processes;
output.py fills the staging folder (PDFs, reports) and publish.py swaps it in whole (each file
written atomically: typeset/atomic.py); dump.py writes page plans as text for the golden tests.
"""
