"""Operations: structured logs with request/task/job ids, Prometheus metrics shared through
Redis, worker heartbeats, the single-beat guard and their health checks."""
