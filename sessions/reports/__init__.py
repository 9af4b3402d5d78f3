"""The centre's results: `figures` computes them in the database, `exports` writes them as xlsx and CSV."""
