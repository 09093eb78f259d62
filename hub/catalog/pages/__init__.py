"""The catalog's pages (server-rendered): the product grid, the product editor, import/export."""
