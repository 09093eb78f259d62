"""The deployment files (infra/deploy) against the code: every service's command exists, every
queue is one the hub sends to and every queue has a worker, every setting passed in is one the
settings read, and the env reference is the one generated from the settings."""

import configparser
import importlib
import re
import shlex
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

from hub.config.env_reference import REFERENCE_PATH, generate
from hub.config.settings.env import BASE_DIR, REGISTRY
from hub.core.observability.workers import known_queues

DEPLOY = BASE_DIR / "infra" / "deploy"
COMPOSE = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
UNITS = DEPLOY / "systemd"
VENV_BIN = Path(sys.executable).parent


def _registered() -> set[str]:
    text = REFERENCE_PATH.read_text()
    return set(re.findall(r"^#([A-Z][A-Z0-9_]+)=", text, re.M)) | set(REGISTRY)


def check_command(argv: list[str]) -> list[str]:
    """What a service runs, checked against the code. Returns the queues of a Celery worker."""
    argv = [Path(arg).name if i == 0 else arg for i, arg in enumerate(argv)]
    if argv[0] == "sh":
        queues = []
        for part in argv[-1].split("&&"):
            queues += check_command(shlex.split(part))
        return queues
    program = argv[0]
    if program == "python" and argv[1] == "manage.py":
        assert argv[2] in get_commands(), f"no management command {argv[2]!r}"
        return []
    if program == "python" and argv[1] == "-m":
        importlib.import_module(argv[2])
        return []
    if program == "gunicorn":
        config = argv[argv.index("-c") + 1]
        assert (BASE_DIR / config).is_file(), config
        module, _, attribute = argv[-1].partition(":")
        assert hasattr(importlib.import_module(module), attribute), argv[-1]
        return []
    if program == "celery":
        app = argv[argv.index("-A") + 1]
        # `-A hub.config` is found the way Celery finds it: the package's `celery` module's `app`.
        assert hasattr(importlib.import_module(f"{app}.celery"), "app"), app
        sub = argv[argv.index("-A") + 2]
        assert sub in ("worker", "beat"), sub
        if sub == "beat":
            return ["<beat>"]
        queues = argv[argv.index("-Q") + 1].split(",")
        return queues
    if program == "moto_server":
        assert shutil.which("moto_server", path=str(VENV_BIN)), "moto_server is not installed"
        return []
    raise AssertionError(f"unknown program in a deployment file: {argv}")


def _hub_services():
    return {
        name: service
        for name, service in COMPOSE["services"].items()
        if "build" in service or "image" in service and "crossborder" in str(service.get("image"))
    }


def test_compose_services_run_what_exists_and_cover_every_queue():
    consumed: list[str] = []
    for _name, service in _hub_services().items():
        consumed += check_command(service["command"])
    assert consumed.count("<beat>") == 1, "exactly one beat service"
    queues = [queue for queue in consumed if queue != "<beat>"]
    assert set(queues) == set(known_queues()), (sorted(set(queues)), known_queues())
    for queue in queues:
        assert queue in known_queues(), f"{queue} is not a queue the hub sends to"
    assert {"postgres", "redis", "web", "sandboxes", "sqs"} <= set(COMPOSE["services"])
    assert COMPOSE["services"]["sandboxes"]["profiles"] == ["sandboxes"]
    assert COMPOSE["services"]["sqs"]["profiles"] == ["sqs"]
    assert COMPOSE["services"]["sqs"]["command"][0] == "moto_server"


def test_compose_settings_are_read_by_the_settings():
    names = _registered()
    for name, service in _hub_services().items():
        for key in service.get("environment", {}):
            assert key in names, f"{name}: {key} is not a setting the hub reads"


def test_queues_are_the_ones_tasks_are_sent_to():
    # listings.services.apply sends a job's family part to LISTINGS_QUEUES[family], the debounced
    # quantity pushes go to LISTINGS_QUANTITY_QUEUE; everything else goes to Celery's default queue.
    assert set(known_queues()) == {"celery", *settings.LISTINGS_QUEUES.values(), settings.LISTINGS_QUANTITY_QUEUE}
    source = (BASE_DIR / "listings" / "services" / "apply.py").read_text()
    assert "queue=settings.LISTINGS_QUEUES[family]" in source
    source = (BASE_DIR / "listings" / "services" / "quantity_push.py").read_text()
    assert "queue=settings.LISTINGS_QUANTITY_QUEUE" in source


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string(path.read_text())
    return parser


def test_systemd_units_run_what_exists_and_the_target_starts_a_worker_per_queue():
    target = _unit(UNITS / "hub.target")
    wanted = target["Unit"]["Wants"].split()
    worker_queues = [re.match(r"hub-worker@(.+)\.service", w).group(1) for w in wanted if w.startswith("hub-worker@")]
    assert sorted(worker_queues) == known_queues()
    for unit_name in {re.sub(r"@.+\.service", "@.service", w) for w in wanted}:
        unit = _unit(UNITS / unit_name)
        service = unit["Service"]
        local = {line.split("=", 1)[0] for line in service.get("Environment", "").splitlines() if "=" in line}
        argv = shlex.split(service["ExecStart"].replace("%i", "listings.amazon"))
        assert argv[0].startswith("/srv/hub/app/.venv/bin/")
        check_command(argv)
        for variable in re.findall(r"\$\{(\w+)\}", service["ExecStart"]):
            assert variable in local, f"{unit_name}: ${{{variable}}} is not set in the unit"
        for variable in local:
            assert variable in _registered() or variable.startswith("HUB_WORKER_"), variable
        assert service["EnvironmentFile"] == "/etc/hub/hub.env"
        assert unit["Install"]["WantedBy"] == "hub.target"
        if "ExecStartPre" in service:
            check_command(shlex.split(service["ExecStartPre"]))


def test_procfile_runs_what_exists():
    consumed = []
    for line in (DEPLOY / "Procfile").read_text().splitlines():
        if line.strip():
            _name, command = line.split(":", 1)
            consumed += check_command(shlex.split(command))
    assert consumed.count("<beat>") == 1
    assert sorted(set(consumed) - {"<beat>"}) == known_queues()


def test_dockerfile_installs_the_pinned_dependencies():
    text = (DEPLOY / "Dockerfile").read_text()
    assert "pip install -c requirements.lock" in text
    assert "hub.config.settings.production" in text


def test_nginx_serves_media_only_after_the_hub_said_yes():
    text = (DEPLOY / "nginx" / "hub.conf").read_text()
    protected = re.search(r"location /protected-media/ \{(.*?)\}", text, re.S).group(1)
    assert "internal;" in protected
    media = re.search(r"location /media/ \{(.*?)\}", text, re.S).group(1)
    assert "proxy_pass" in media and "alias" not in media
    assert COMPOSE["x-hub-env"]["MEDIA_X_ACCEL_REDIRECT_PREFIX"] == "/protected-media/"
    assert "ssl_certificate" in text and "Strict-Transport-Security" in text


def test_env_reference_is_generated_from_the_settings_and_current():
    text, rows = generate()
    assert REFERENCE_PATH.read_text() == text, "stale: run `manage.py env_reference`"
    names = {row["name"] for row in rows}
    for expected in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "METRICS_TOKEN", "CHANNELS_RATE_SPEEDUP"):
        assert expected in names
    assert not [row["name"] for row in rows if not row["meaning"]], "every setting says what it means"


@pytest.mark.parametrize("path", ["README.md"])
def test_readme_starts_with_the_two_commands_and_has_a_production_section(path):
    text = (BASE_DIR / path).read_text()
    first_block = text.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
    assert "## Production" in text and text.index("## Production") > text.index("make test")
