"""gunicorn settings for production (`gunicorn -c infra/deploy/gunicorn.conf.py hub.config.wsgi:application`).
Access lines are left to the hub's own JSON request logs and metrics; gunicorn logs its errors."""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = 4
worker_class = "gthread"
timeout = 60
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = "*"  # nginx in front sets X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER)
accesslog = None
errorlog = "-"
