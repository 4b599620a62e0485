"""The app's state machines, without widgets and without Textual: connection, sync, notices and
the kiosk's idle clock. The app calls them from its timers and workers and shows their results."""
