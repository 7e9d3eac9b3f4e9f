from django.contrib import admin

from .models import Division, Employer, IndustryAuthority, Specialty, TrainingBase


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "county"]
    search_fields = ["name", "credit_code"]


@admin.register(TrainingBase)
class TrainingBaseAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "city", "status"]
    list_filter = ["level", "status"]
    filter_horizontal = ["specialty_scope"]


admin.site.register(Specialty)
admin.site.register(IndustryAuthority)
