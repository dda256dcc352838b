from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "quadrant.accounts"
    label = "accounts"
    verbose_name = "Accounts and sessions"

    def ready(self) -> None:
        from quadrant.accounts import receivers, restore

        receivers.connect()
        restore.install_form_hook()
