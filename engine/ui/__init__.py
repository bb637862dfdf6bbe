"""Observability: event log, progress bars, the web UI of jobs, stages and their DAG (see `app.AppUI`)."""
