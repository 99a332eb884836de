"""Polku's feedback receiver: stores "Was this useful?" answers and reports them to editors.

Separate from `generator/` (the build pipeline): a city runs it as a small web service
beside the static site. `protocol` is what the two share.
"""
