from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "jxjy.plans"
    label = "plans"
    verbose_name = "年度计划"
