"""Ingest: read report files into Documents (readers never write; run.py stores them)."""

from trucewatch.ingest.failures import ReadFailure
from trucewatch.ingest.readers import ReadOptions, content_hash, iter_files, read_file

__all__ = ["ReadFailure", "ReadOptions", "content_hash", "iter_files", "read_file"]
