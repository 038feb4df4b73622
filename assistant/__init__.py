"""toetsassistent: the application layer (storage, CLI, line mode, Textual app).

Importing this package must stay cheap and UI-free: the storage in `assistant.store` is used by the
UI-free layers too, so nothing here imports Textual or prompt_toolkit.
"""

__version__ = "0.1.0"
