"""What people read: interactive pages (:mod:`.interactive`), responsibility sheets
(:mod:`.sheets` builds, :mod:`.text` and :mod:`.office` render, :mod:`.sheet_files`
writes) and the one template environment (:mod:`.templates`).
"""

#: ``kg sheet --format`` choices, rendered by :func:`kg.views.sheet_files.render_sheet`.
SHEET_FORMATS = ("html", "md", "xlsx", "docx", "csv")
