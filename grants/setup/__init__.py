"""Staff self-service: the pages that set up programmes, organisations and projects."""
