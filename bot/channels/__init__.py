"""The edges: HTTP API, web pages, LINE and Slack. HTTP errors are made only here."""
