"""The marketplace connections pages (owners write, other roles read) and the call log."""
