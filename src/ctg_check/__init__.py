"""ctg-check: compliance checker for Intergenerational Self-Help Club rosters."""

from __future__ import annotations

__version__ = "0.1.0"
