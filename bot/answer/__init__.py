"""Turning retrieved passages and rules into answers."""
