"""One small controller per job of the app; each gets its collaborators, not the whole App."""
