from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "jxjy.billing"
    label = "billing"
    verbose_name = "收费与发票"
