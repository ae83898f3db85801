"""Small exception classes; channels turn them into HTTP errors."""


class BotError(Exception):
    """Base class for the bot's own errors."""


class CorpusError(BotError):
    """The corpus directory or its manifest is missing or malformed."""


class IndexMissing(BotError):
    """No built index was found where the settings point."""


class IndexCorrupt(BotError):
    """An index file could not be read or fails its checksum."""


class IndexStale(BotError):
    """The index was built from another corpus or configuration."""


class EmbedderError(BotError):
    """The configured embedder cannot be loaded."""


class RulesError(BotError):
    """The eligibility rules file does not match its schema."""
