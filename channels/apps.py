from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "channels"
    verbose_name = "Marketplace channels"
    label = "channels"

    def ready(self) -> None:
        # The SP-API library logs request headers (the access token) at DEBUG and urllib3 / httpx
        # log full URLs; mask secrets in every one of those loggers before anything can log.
        from channels.redaction import install_log_redaction

        install_log_redaction()
