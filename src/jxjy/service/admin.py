from django.contrib import admin

from .models import Complaint, Consultation, PolicyArticle


@admin.register(PolicyArticle)
class PolicyArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "doc_number", "issuer", "issued_on", "category"]
    list_filter = ["category"]
    search_fields = ["title", "doc_number"]
    # Articles are published at /policy/new/ (audited); here they are only read.
    readonly_fields = ["title", "doc_number", "issuer", "issued_on", "category", "body", "published_at",
                       "published_by"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "city", "asked_at", "public"]
    list_filter = ["status", "public"]
    readonly_fields = [f.name for f in Consultation._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin):
    list_display = ["pk", "base", "reason", "status", "city", "filed_at"]
    list_filter = ["status", "reason"]
    readonly_fields = [f.name for f in Complaint._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
