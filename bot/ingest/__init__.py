"""From cleaned documents to retrievable units."""
