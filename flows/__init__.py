"""The guided dialogue and the audit rules, free of any user interface."""
