from django.contrib import admin
from django.urls import path

admin.site.site_header = "Trung tâm Dịch vụ việc làm — Quản trị"
admin.site.site_title = "Quản trị phiên giao dịch việc làm"

urlpatterns = [
    path("admin/", admin.site.urls),
]
