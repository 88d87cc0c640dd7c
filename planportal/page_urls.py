"""Page URLs: overview, targets, registers."""

urlpatterns = []
