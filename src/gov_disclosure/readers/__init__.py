"""Format readers: plain text (and Markdown, PDF text) and HTML, all producing a ParseResult."""
