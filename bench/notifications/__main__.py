"""`python -m bench.notifications`: see bench/notifications/run.py."""

from bench.notifications.run import main

if __name__ == "__main__":
    main()
