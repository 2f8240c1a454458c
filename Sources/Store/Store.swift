// The Store module: SQLite persistence of histories, executions, orders and queue messages (see README).
