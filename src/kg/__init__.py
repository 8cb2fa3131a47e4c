"""kg: a government plan's task list as a knowledge graph."""
from __future__ import annotations

__all__ = ["__version__"]
__version__ = "0.1.0"
