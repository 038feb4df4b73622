"""The draft slot of the conversation's input, shared by the engine and both front ends.

Text typed but not yet submitted, in the app's chat input or at the line mode's prompt, is kept under this
key (the same slot, so either front end offers it back). A module of its own, so that the app can name the
slot without importing the dialogue engine before its first frame.
"""

DRAFT_KEY = "gesprek"
