from enum import StrEnum


class LettersPerm(StrEnum):
    MANAGE_LETTERS = "letters.manage_letters"
    VIEW_LETTERS = "letters.view_letters"
