// The history values (events, statuses, descriptions) live below the runtime; every module that
// imports the engine sees them.
@_exported import History
