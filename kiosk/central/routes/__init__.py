"""The central store's routes, one ``APIRouter`` per area (see each module)."""
