"""The state store: operations log, batch intents, rejections, watermark, lease."""
