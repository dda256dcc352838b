"""The document pages: the library and its search, a document and its versions, the
comparison of two versions, the forms of the drafts, review and approval, and read-and-
acknowledge with its compliance per unit."""
