from django.contrib import admin

from .models import BaseInvoiceProfile, BillingPolicy, Invoice, Order, Payment, PaymentNotification, Refund


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["number", "learner", "base", "kind", "amount", "status", "created_at"]
    list_filter = ["status", "kind", "base"]
    search_fields = ["number"]
    readonly_fields = [f.name for f in Order._meta.fields]


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "order", "amount", "status", "issued_at"]
    list_filter = ["status", "kind"]
    search_fields = ["number"]
    readonly_fields = [f.name for f in Invoice._meta.fields]


@admin.register(PaymentNotification)
class PaymentNotificationAdmin(admin.ModelAdmin):
    list_display = ["received_at", "gateway", "order_number", "amount", "outcome"]
    list_filter = ["outcome", "gateway"]
    readonly_fields = [f.name for f in PaymentNotification._meta.fields]


admin.site.register([Payment, Refund, BillingPolicy, BaseInvoiceProfile])
