from offline_desk import pwa_urls, sync_urls

app_name = "offline_desk"

urlpatterns = pwa_urls.urlpatterns + sync_urls.urlpatterns
