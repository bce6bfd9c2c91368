"""Nothing lost while the database is away: the journal, its replay and the holding reply.

file.py      the durable, bounded, append-only file (synced, its space reserved on disk)
records.py   incoming events as its records
intake.py    between the transport and the pipeline: straight on, or into the journal
holding.py   "已收到，系统稍后处理" to someone kept waiting, once per outage
"""
