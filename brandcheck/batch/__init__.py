"""Batch scans: parallel, resumable checks of whole archives into a SQLite results store."""

from __future__ import annotations

from brandcheck.batch.scan import ScanPlan, ScanSummary, plan_scan, scan
from brandcheck.batch.store import ResultStore

__all__ = ["ResultStore", "ScanPlan", "ScanSummary", "plan_scan", "scan"]
