"""Building, saving and loading the hybrid index."""
