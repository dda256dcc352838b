"""The layer above the components: pages that compose several of them — the home page and a
unit's page today; the unit cockpit, the quality thread and the board pack later. The
components plug sections into these pages (quadrant.core.registry) or are read through their
public modules; no component imports this layer."""
