// SangLoc: rule packs, matching, verdict policy and screening.
@_exported public import VietText
