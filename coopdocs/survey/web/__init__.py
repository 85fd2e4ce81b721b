"""The survey's web application: a partner's page, the coordinator's page, and their safety.

Server-rendered pages (Starlette, Jinja2, served by uvicorn) that work without JavaScript;
``app.create_app`` builds the application over a ``Store``, ``security`` holds what protects it.
"""
