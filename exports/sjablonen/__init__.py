"""The report templates that ship with toetsassistent: `rapport.docx`, the default Word template.

The .docx is generated, not edited by hand: `python -m exports.sjablonen.maak_sjabloon` writes it from
`maak_sjabloon.py`, byte for byte the same every time, and a test checks that the committed file is what the
script makes. Read it with `exports.docx.default_template()`.
"""
