"""Moving in from other tools: ``cairn.importers.mlflow`` copies an MLflow tracking server or store."""
