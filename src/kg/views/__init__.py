"""What people read: interactive pages (:mod:`.interactive`), responsibility sheets
(:mod:`.sheets` builds, :mod:`.text` and :mod:`.office` render, :mod:`.sheet_files`
writes) and the one template environment (:mod:`.templates`).
"""

from .sheet_formats import SHEET_FORMATS

__all__ = ["SHEET_FORMATS"]
