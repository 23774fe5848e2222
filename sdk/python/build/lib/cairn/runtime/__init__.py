"""The model runtime: the worker process the server's gateway feeds over a Unix socket
(docs/adr/0003-deployments-and-serving.md), and the virtual environments it runs in."""
