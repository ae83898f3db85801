"""採用Q&Aボット — answers applicants only from the official recruitment documents."""

__version__ = "0.1.0"
