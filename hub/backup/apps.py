from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "hub.backup"
    label = "backup"
    verbose_name = "Backup and restore"
