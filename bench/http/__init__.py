"""`python -m bench.http`: the project under gunicorn against bare DRF endpoints in the same server (run.py)."""
