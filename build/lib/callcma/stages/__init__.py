"""The pipeline's stages, one module each, numbered in the order the build runs them:
load → validate → verify → export → render → write → package."""
