"""Read a Vega-Lite chart back from Streamlit: the spec and its named Arrow datasets."""

from __future__ import annotations

import json

import pandas as pd
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df


def chart_parts(proto) -> tuple[dict, dict[str, pd.DataFrame]]:
    """``(spec, {dataset name: DataFrame})`` of a ``VegaLiteChart`` proto (``at.get("vega_lite_chart")[i].proto``)."""
    return json.loads(proto.spec), {d.name: convert_arrow_bytes_to_pandas_df(d.data.data) for d in proto.datasets}


def payload_bytes(proto) -> int:
    """What the chart sends to the browser: the spec plus its Arrow datasets."""
    return len(proto.spec) + sum(len(d.data.data) for d in proto.datasets)
