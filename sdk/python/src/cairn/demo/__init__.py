"""A demo that is alive: fills the demo organization of a fresh server with real content.

``python -m cairn.demo --url http://127.0.0.1:8080`` (or ``cairn demo``) signs in as the demo user
that ``cairn serve --demo`` creates, trains scikit-learn models on its bundled datasets through the
stock MLflow client, registers them, deploys the best one, sends it traffic that drifts after a
while, and watches that with a monitor and an alert rule. Every step first looks for what it would
create, so running it again adds nothing. Nothing leaves loopback: the datasets ship with sklearn.

Modules, one step each: ``signin`` (a key for the demo user), ``datasets``, ``training`` (runs via
MLflow), ``registry`` (versions, stages, aliases), ``serving`` (deployment, monitor, alert rule),
``traffic`` (the background loop) and ``seed`` (the order of the steps).
"""
