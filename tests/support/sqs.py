"""`local_sqs`: moto's server as a separate program on a free loopback port, once per session
(infra/run/sqs_process.py). Tests reach it with boto3 over HTTP, like real SQS."""

import pytest

from infra.run.sqs_process import start_local_sqs


@pytest.fixture(scope="session")
def local_sqs(tmp_path_factory):
    try:
        sqs = start_local_sqs(tmp_path_factory.mktemp("moto-sqs"))
    except RuntimeError as error:
        pytest.fail(str(error))
    yield sqs
    sqs.stop()
