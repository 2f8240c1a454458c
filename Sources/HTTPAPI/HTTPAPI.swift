// The HTTPAPI module: the seeds HTTP API served with Hummingbird (see README).
