"""Change history: how every change of a data model is recorded (recording.py: the channel it came through, the data
version it was written under, rows written in bulk) and how a record's history is read through the API (views.py)."""
