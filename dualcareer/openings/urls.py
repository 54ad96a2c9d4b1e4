app_name = "openings"

urlpatterns: list = []
