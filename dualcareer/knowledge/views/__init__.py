"""The knowledge pages, one module per audience: `public` (the library and the standards as each
reader may see them, documents), `member` (writing articles, comments, self-assessment, benchmark,
discussions), `coordinator` (editing the standards, who has submitted, moderation)."""
