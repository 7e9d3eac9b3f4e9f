from django.urls import path

from . import views

app_name = "billing"
urlpatterns = [
    path("billing/orders/", views.order_list, name="orders"),
    path("billing/orders/<int:order_id>/", views.order_detail, name="order"),
    path("billing/orders/<int:order_id>/pay/", views.pay, name="pay"),
    path("billing/orders/<int:order_id>/cancel/", views.order_cancel, name="cancel"),
    path("billing/orders/<int:order_id>/refund/", views.order_refund, name="refund"),
    path("billing/orders/<int:order_id>/invoice-buyer/", views.order_invoice_buyer, name="invoice_buyer"),
    path("billing/courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("billing/sandbox/cashier/<str:number>/", views.sandbox_cashier, name="sandbox_cashier"),
    path("billing/payments/notify/<str:gateway>/", views.notify, name="notify"),
    path("billing/invoices/verify/", views.invoice_verify, name="invoice_verify"),
    path("billing/iv/<str:number>/<str:amount>/<str:code>/", views.invoice_verify, name="invoice_check"),
    path("billing/reports/", views.reports, name="reports"),
    path("billing/reports/export.xlsx", views.reports_export, name="reports_export"),
    path("billing/reconciliation/", views.reconciliation, name="reconciliation"),
    path("billing/employer/", views.employer_budget, name="employer_budget"),
]
