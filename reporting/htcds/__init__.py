"""HTCDS 2.0 records: the field spec (spec.py), the file format (fileformat.py), the export (export.py).

The spec and the file format are shared with the HTCDS import: whatever the export writes,
the import reads with the same column list, picklists and cell rules (docs/htcds.md).
"""
