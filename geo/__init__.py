"""Geography of the configured province.

    gazetteer   the canonical district and subdistrict lists (geothai, DOPA codes) and
                name/code resolution tolerant of real spelling variants
    normalise   any boundary file (HDX upper/lower case, amp_*, geoBoundaries) to one
                GeoDataFrame keyed on the 4-digit DOPA district code
    boundaries  download (geoBoundaries, HDX), import from a file, cache with a manifest
    joins       points and polygons to districts, province outline (CRS checked)
    display     topology-preserving simplified districts for the browser, cached on disk

Errors: ``gazetteer.DistrictLookupError`` (a ValueError) > ``UnknownDistrictError``,
``WrongProvinceError``; ``normalise.BoundaryError`` (a ValueError) for a file that does not
give the province's districts; download failures use ``data_sources.errors``.
"""
