"""Notification delivery benchmark: see bench/notifications/run.py for what it measures and how to run it."""
