"""The flags a figure may carry, mapped once to SDMX: every format (JSON, CSV, the data package, SDMX) takes its codes
from FLAG_SDMX, so the same caveat reads the same everywhere.

SDMX 2.1's cross-domain concepts have OBS_STATUS (CL_OBS_STATUS: B break, E estimated, P provisional...) and
CONF_STATUS (CL_CONF_STATUS: C confidential). A back-calculated figure (a publisher's recalculation of a region that
did not yet exist onto its later borders) has no SDMX code: it is given under a project attribute with a note.
"""

from dataclasses import dataclass

from indicators.models import FlagKind

PROJECT_ATTRIBUTE = "REGIONAPI_FLAG"


@dataclass(frozen=True)
class SdmxCode:
    attribute: str  # OBS_STATUS, CONF_STATUS, or the project's attribute where SDMX has no code
    code: str
    note: str = ""


FLAG_SDMX = {
    FlagKind.ESTIMATED: SdmxCode("OBS_STATUS", "E"),
    FlagKind.PRELIMINARY: SdmxCode("OBS_STATUS", "P"),
    FlagKind.BREAK: SdmxCode("OBS_STATUS", "B"),
    FlagKind.CONFIDENTIAL: SdmxCode("CONF_STATUS", "C"),
    FlagKind.BACK_CALCULATED: SdmxCode(
        PROJECT_ATTRIBUTE,
        "BC",
        "No SDMX code: a figure the publisher recalculated for a region that did not yet exist, on its later borders.",
    ),
}


def sdmx_of(flag: str) -> SdmxCode:
    return FLAG_SDMX[FlagKind(flag)]
