"""Every URL path of the app, in one place."""

HOME = "/"
LOGIN = "/masuk"
REGISTER = "/daftar"
ADMIN_HOME = "/admin"
