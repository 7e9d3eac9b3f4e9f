from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "jxjy.learning"
    label = "learning"
    verbose_name = "学习"
