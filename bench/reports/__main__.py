"""`python -m bench.reports`: see bench/reports/run.py."""

from bench.reports.run import main

if __name__ == "__main__":
    main()
