"""The bottom layer: settings, the error hierarchy and text rules that every other layer may import."""
