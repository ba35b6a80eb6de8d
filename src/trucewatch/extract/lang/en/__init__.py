"""English: the rules' first language. Data only (see lang/__init__.py); no hooks needed."""
