"""(skeleton — the owning slice fills this module)"""

from ninja import Router

router = Router()
