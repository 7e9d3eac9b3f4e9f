from django.apps import AppConfig


class CoursewareConfig(AppConfig):
    name = "jxjy.courseware"
    label = "courseware"
    verbose_name = "课件"
