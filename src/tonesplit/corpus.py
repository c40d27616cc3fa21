"""Corpus runs (placeholder, being written)."""
DocumentResult = label_corpus = read_corpus = to_documents_frame = to_sentences_frame = None
