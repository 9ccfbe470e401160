"""Community features (STUB until the practitioners branch lands: removed before merging it)."""
