"""The data layer of policy-tui: files → text → structure → search index → bookmarks.

Headless by design: nothing here imports textual or rich, so the command line,
the tests and the reader all call the same code.
"""
