"""A local SQS: moto's server (`python -m moto.server`) as a separate program on a loopback port,
for the tests, the benchmark and `make run` (which starts it from the Procfile). Nothing here
imports moto: the hub and the Amazon sandbox reach it over HTTP with boto3, as they would reach
real SQS."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from infra.run.sandbox_process import ChildProgram, free_port

# moto accepts any credentials; these keep boto3 from looking for real ones.
LOCAL_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "AWS_DEFAULT_REGION": "us-east-1"}
MOTO_ACCOUNT = "123456789012"  # moto's default account id


@dataclass
class LocalSqs(ChildProgram):
    url: str
    process: subprocess.Popen
    log_path: Path
    region: str = "us-east-1"

    def client(self):  # type: ignore[no-untyped-def]
        import boto3

        return boto3.client(
            "sqs",
            endpoint_url=self.url,
            region_name=self.region,
            aws_access_key_id=LOCAL_CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=LOCAL_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
        )

    def queue(self, name: str, *, visibility_timeout: int = 30) -> tuple[str, str]:
        """Create (or find) a queue; returns (queue URL, queue ARN)."""
        client = self.client()
        url = client.create_queue(QueueName=name, Attributes={"VisibilityTimeout": str(visibility_timeout)})["QueueUrl"]
        arn = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        return url, arn


def start_local_sqs(log_dir: Path, *, port: int | None = None, timeout: float = 30.0) -> LocalSqs:
    log_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log_path = log_dir / "moto-sqs.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env={**os.environ, **LOCAL_CREDENTIALS},
        stdout=log_path.open("wb"),
        stderr=subprocess.STDOUT,
    )
    sqs = LocalSqs(url=f"http://127.0.0.1:{port}", process=process, log_path=log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto server exited: {sqs.log()}")
        try:
            httpx.get(f"{sqs.url}/moto-api/", timeout=1)
            return sqs
        except httpx.HTTPError:
            time.sleep(0.1)
    sqs.stop()
    raise RuntimeError(f"moto server did not answer within {timeout}s: {sqs.log()}")
