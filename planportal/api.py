"""The API router: every resource registered once (see DESIGN.md, "REST API")."""

urlpatterns = []
