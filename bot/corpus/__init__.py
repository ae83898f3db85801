"""Reading and importing the corpus/ documents."""
