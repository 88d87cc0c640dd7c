"""The plan reviewed against its registers: above the registers and the targets.

The plan's self-check (its prose figures against its own tables, ``stated_figures``) lives
here, and the conformance review of rights will. It may import from ``planportal``,
``deposits``, ``rights``, ``zones`` and ``targets``; nothing imports from it but the project's
settings and URLs.
"""
