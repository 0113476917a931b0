from pamong.core.errors import DomainError


class LettersError(DomainError):
    default_code = "letters.invalid"


INVALID_PATTERN = "letters.invalid_pattern"
DUPLICATE_SCHEME = "letters.duplicate_scheme"
