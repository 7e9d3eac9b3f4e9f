"""JSON rendering: money stays an exact decimal string ("48.00"), never a float."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from ninja.renderers import JSONRenderer


class JxjyEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return f"{o:.2f}" if o == o.quantize(Decimal("0.01")) else str(o)
        if isinstance(o, dt.datetime):
            return o.isoformat()
        return super().default(o)


class JxjyJSONRenderer(JSONRenderer):
    encoder_class = JxjyEncoder
    json_dumps_params = {"ensure_ascii": False}


def dumps(data: Any) -> str:
    return json.dumps(data, cls=JxjyEncoder, ensure_ascii=False)
