"""The reader's screens, one per module (import each from its module: all but ``main`` are
imported when first opened, so the first frame does not wait for them)."""
