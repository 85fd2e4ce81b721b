"""Composition: one module per document kind, each turning plain data into a document model."""
