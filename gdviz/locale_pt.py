PT: dict[str, str] = {}
