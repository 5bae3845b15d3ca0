"""Browser tests: headless Chromium (Playwright) against sites served on 127.0.0.1."""
