"""The state store: operations log, batch intents, rejections, watermark, the sync lock."""
