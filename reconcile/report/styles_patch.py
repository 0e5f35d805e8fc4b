"""styles.xml, with the fills, fonts and cell formats the annotated copy needs appended.

Each flagged cell keeps its own format (number format, font, border, alignment) with our fill:
its `xf` is copied with another `fillId`. What is already there is reused (an identical fill,
font or xf, ours from an earlier run included), so annotating a copy again does not make the
style table grow. Everything else in the part stays as it was, byte for byte.
"""
from __future__ import annotations

import json
import re

from reconcile.report.package import Unpatchable, attrs

DEFAULT_STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    b'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    b'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    b'<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    b'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    b'</styleSheet>')

# the containers we edit, in schema order (a missing one is inserted before the next present)
_ORDER = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
          "tableStyles", "colors", "extLst"]
_CHILD = {"fonts": "font", "fills": "fill", "cellXfs": "xf"}
_SPACE = re.compile(rb">\s+<")


def _norm(element: bytes) -> bytes:
    """An element compared by what it says, not how it is spaced or prefixed."""
    return re.sub(rb"<(/?)[A-Za-z_][\w.\-]*:", rb"<\1", _SPACE.sub(b"><", element.strip()))


class Styles:
    def __init__(self, data: bytes | None):
        self.created = data is None
        self.data = data if data is not None else DEFAULT_STYLES
        m = re.search(rb"<([A-Za-z_][\w.\-]*:)?styleSheet\b", self.data)
        if not m:
            raise Unpatchable("styles.xml without styleSheet")
        self.prefix = (m.group(1) or b"").decode()
        self.items: dict[str, list[bytes]] = {}
        self.added: dict[str, list[bytes]] = {k: [] for k in _CHILD}
        self._index: dict[str, dict[bytes, int]] = {}
        self._loose_index: dict | None = None
        self._with_fill: dict[tuple[int, int], int] = {}
        self._fill_state: dict[int, str] = {}
        self._ours: dict[int, bool] = {}
        for container, child in _CHILD.items():
            body = self._body(container)
            p = re.escape(self.prefix.encode())
            pat = re.compile(rb"<" + p + child.encode() + rb"\b[^>]*?/>|<" + p + child.encode() + rb"\b[^>]*>.*?</"
                             + p + child.encode() + rb">", re.S)
            found = pat.findall(body) if body is not None else []
            self.items[container] = found
            self._index[container] = {}
            for i, el in enumerate(found):
                self._index[container].setdefault(_norm(el), i)
        if not self.items["cellXfs"]:
            raise Unpatchable("styles.xml without cell formats")

    def _span(self, container: str):
        p = re.escape(self.prefix.encode())
        return re.search(rb"<" + p + container.encode() + rb"\b([^>]*?)(/>|>(.*?)</" + p + container.encode() + rb">)",
                         self.data, re.S)

    def _body(self, container: str) -> bytes | None:
        m = self._span(container)
        return None if m is None else (m.group(3) or b"")

    def _add(self, container: str, element: str) -> int:
        el = element.encode() if isinstance(element, str) else element
        key = _norm(el)
        index = self._index[container]
        if key in index:
            return index[key]
        n = len(self.items[container]) + len(self.added[container])
        self.added[container].append(el)
        index[key] = n
        return n

    # ------------------------------------------------------------------ what callers ask
    def fill_of(self, xf_id: int) -> bytes:
        xf = self.xf(xf_id)
        fid = int(attrs(xf.split(b">", 1)[0]).get("fillId", "0") or 0)
        fills = self.items["fills"] + self.added["fills"]
        return fills[fid] if 0 <= fid < len(fills) else b""

    def xf(self, xf_id: int) -> bytes:
        xfs = self.items["cellXfs"] + self.added["cellXfs"]
        return xfs[xf_id] if 0 <= xf_id < len(xfs) else xfs[0]

    def solid_fill(self, argb: str) -> int:
        p = self.prefix
        return self._add("fills", f'<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="{argb}"/>'
                                  f'<{p}bgColor indexed="64"/></{p}patternFill></{p}fill>')

    def fill_from_state(self, state: str) -> int:
        """The fill an earlier run saved (`fill_state`), as a fill id ("" = no fill)."""
        if not state:
            return 0
        s = json.loads(state)
        p = self.prefix

        def color(tag, d):
            if not isinstance(d, dict) or not d:
                return ""
            if "theme" in d:
                tint = f' tint="{float(d["tint"])}"' if d.get("tint") else ""
                return f'<{p}{tag} theme="{int(d["theme"])}"{tint}/>'
            if "indexed" in d and "rgb" not in d:
                return f'<{p}{tag} indexed="{int(d["indexed"])}"/>'
            rgb = str(d.get("rgb", ""))
            if not re.fullmatch(r"[0-9A-Fa-f]{6,8}", rgb):
                return ""
            return f'<{p}{tag} rgb="{rgb}"/>'

        kind = str(s.get("type") or "none")
        if not re.fullmatch(r"[A-Za-z0-9]+", kind):
            raise ValueError(kind)
        inner = color("fgColor", s.get("fg")) + color("bgColor", s.get("bg"))
        body = f'<{p}patternFill patternType="{kind}">{inner}</{p}patternFill>' if inner else \
            f'<{p}patternFill patternType="{kind}"/>'
        return self._add("fills", f"<{p}fill>{body}</{p}fill>")

    def font(self, bold=False, italic=False, size=None, color=None, underline=False) -> int:
        """A font like the workbook's default font, with the given changes."""
        base = (self.items["fonts"] or [b"<font/>"])[0].decode("utf-8")
        p = self.prefix
        inner = re.sub(rf"^<{p}font\b[^>]*?/?>|</{p}font>$", "", base.strip())
        inner = re.sub(rf"<{p}(b|i|u|color|sz)\b[^>]*?/>", "", inner)
        extra = (f"<{p}b/>" if bold else "") + (f"<{p}i/>" if italic else "") + (f"<{p}u/>" if underline else "")
        extra += f'<{p}sz val="{size}"/>' if size else ""
        extra += f'<{p}color rgb="{color}"/>' if color else ""
        return self._add("fonts", f"<{p}font>{extra}{inner}</{p}font>")

    def with_fill(self, xf_id: int, fill_id: int) -> int:
        """Cell format `xf_id` with fill `fill_id` instead of its own (an existing format that
        differs only by `applyFill` is used again: restoring a fill gives the cell its own xf)."""
        key = (xf_id, fill_id)
        if key not in self._with_fill:
            self._with_fill[key] = self._derive(xf_id, fill_id)
        return self._with_fill[key]

    def _derive(self, xf_id: int, fill_id: int) -> int:
        xf = self.xf(xf_id)
        head, rest = xf.split(b">", 1) if b">" in xf else (xf, b"")
        closing = head.endswith(b"/")
        head = head[:-1] if closing else head
        head = head.rstrip()
        if re.search(rb'\sfillId\s*=', head):
            head = re.sub(rb'(\sfillId\s*=\s*)("[^"]*"|\'[^\']*\')', b'\\1"%d"' % fill_id, head)
        else:
            head += b' fillId="%d"' % fill_id
        if re.search(rb'\sapplyFill\s*=', head):
            head = re.sub(rb'(\sapplyFill\s*=\s*)("[^"]*"|\'[^\']*\')', b'\\1"1"', head)
        else:
            head += b' applyFill="1"'
        candidate = head + (b"/>" if closing else b">") + rest
        if self._loose_index is None:
            self._loose_index = {}
            for i, existing in enumerate(self.items["cellXfs"]):
                self._loose_index.setdefault(self._loose(existing), i)
        found = self._loose_index.get(self._loose(candidate))
        return found if found is not None else self._add("cellXfs", candidate)

    def _loose(self, xf: bytes):
        head, _, rest = _norm(xf).partition(b">")
        a = attrs(head)
        a.pop("applyFill", None)
        return tuple(sorted(a.items())), rest

    def cell_format(self, font: int = 0, fill: int = 0, wrap: bool = False, num_fmt: int = 0) -> int:
        p = self.prefix
        a = f'numFmtId="{num_fmt}" fontId="{font}" fillId="{fill}" borderId="0" xfId="0"'
        a += ' applyFont="1"' if font else ""
        a += ' applyFill="1"' if fill else ""
        if wrap:
            return self._add("cellXfs", f'<{p}xf {a} applyAlignment="1"><{p}alignment vertical="top" wrapText="1"/></{p}xf>')
        return self._add("cellXfs", f"<{p}xf {a}/>")

    def is_ours(self, xf_id: int, colors: set[str]) -> bool:
        """Does cell format `xf_id` hold one of our solid fills?"""
        if xf_id not in self._ours:
            self._ours[xf_id] = self._is_ours(xf_id, colors)
        return self._ours[xf_id]

    def _is_ours(self, xf_id: int, colors: set[str]) -> bool:
        fill = self.fill_of(xf_id)
        m = re.search(rb'fgColor\b[^>]*\brgb\s*=\s*["\']([0-9A-Fa-f]{8})', fill)
        return b'"solid"' in fill and m is not None and m.group(1).decode().upper() in colors

    def fill_state(self, xf_id: int) -> str:
        """A cell format's fill as the state sheet keeps it (the same JSON the rebuilding path
        writes: type, fg, bg), "" for none."""
        if xf_id not in self._fill_state:
            self._fill_state[xf_id] = self._state_of(xf_id)
        return self._fill_state[xf_id]

    def _state_of(self, xf_id: int) -> str:
        fill = self.fill_of(xf_id)
        m = re.search(rb"<(?:\w+:)?patternFill\b([^>]*)", fill)
        if not m:
            return ""
        kind = attrs(m.group(1)).get("patternType", "")
        if not kind or kind == "none":
            return ""
        out = {"type": kind}
        for tag, key in (("fgColor", "fg"), ("bgColor", "bg")):
            c = re.search(rb"<(?:\w+:)?" + tag.encode() + rb"\b([^>]*)", fill)
            if c:
                a = attrs(c.group(1))
                d = {}
                for k in ("rgb", "theme", "tint", "indexed"):
                    if k in a:
                        d[k] = a[k] if k == "rgb" else (float(a[k]) if k == "tint" else int(a[k]))
                out[key] = d
        return json.dumps(out)

    # ------------------------------------------------------------------ the part
    def changed(self) -> bool:
        return self.created or any(self.added.values())

    def to_bytes(self) -> bytes:
        data = self.data
        p = self.prefix
        for container in ("fonts", "fills", "cellXfs"):
            new = self.added[container]
            if not new:
                continue
            count = len(self.items[container]) + len(new)
            m = re.search(rb"<" + re.escape(p.encode()) + container.encode() + rb"\b([^>]*?)(/>|>(.*?)</"
                          + re.escape(p.encode()) + container.encode() + rb">)", data, re.S)
            if m is None:
                element = f"<{p}{container} count=\"{count}\">".encode() + b"".join(new) + f"</{p}{container}>".encode()
                data = _insert_container(data, p, container, element)
                continue
            head = re.sub(rb'\scount\s*=\s*("[^"]*"|\'[^\']*\')', b"", m.group(1))
            element = (f"<{p}{container}".encode() + head + b' count="%d">' % count + (m.group(3) or b"")
                       + b"".join(new) + f"</{p}{container}>".encode())
            data = data[:m.start()] + element + data[m.end():]
        return data


def _insert_container(data: bytes, p: str, container: str, element: bytes) -> bytes:
    later = _ORDER[_ORDER.index(container) + 1:]
    for name in later:
        m = re.search(rb"<" + re.escape(p.encode()) + name.encode() + rb"\b", data)
        if m:
            return data[:m.start()] + element + data[m.start():]
    end = data.rfind(f"</{p}styleSheet>".encode())
    if end < 0:
        raise Unpatchable("styles.xml without its end tag")
    return data[:end] + element + data[end:]


__all__ = ["Styles"]
