"""Whatever members type, the stored HTML carries no script-capable markup."""

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from community.markdown import ALLOWED_TAGS, render_markdown, sanitise

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<img src=javascript:alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<a href=javascript:alert(1)>x</a>",
    "<a href='JaVaScRiPt:alert(1)'>x</a>",
    "<a href='&#106;avascript:alert(1)'>x</a>",
    "<a href='jav&#x09;ascript:alert(1)'>x</a>",
    "<a href=' javascript:alert(1)'>x</a>",
    "<a href='data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='>x</a>",
    "<a href='vbscript:msgbox(1)'>x</a>",
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x]( javascript:alert(1) )",
    "[x](<javascript:alert(1)>)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![x" onerror="alert(1)](https://example.org/a.png)',
    "<javascript:alert(1)>",
    "[ref]: javascript:alert(1)\n\n[x][ref]",
    "<div onclick=alert(1)>klik</div>",
    "<p style='background:url(javascript:alert(1))'>x</p>",
    "<style>body{background:url('javascript:alert(1)')}</style>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<base href=javascript:alert(1)//>",
    "<table background=javascript:alert(1)>",
    "<td background=javascript:alert(1)>",
    "<b <script>alert(1)//</script>0</b>",
    "<<script>script>alert(1)<</script>/script>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<a href="https://ok.example" onmouseover="alert(1)">ok</a>',
    '<a href=https://ok.example style="position:fixed;top:0">ok</a>',
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "~~<script>alert(1)</script>~~",
    "`<script>` and ```\n<script>alert(1)</script>\n```",
    "> <script>alert(1)</script>",
    "- <svg/onload=alert(1)>",
    'https://example.org/"onmouseover="alert(1)',
    "@<script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<x onclick=alert(1)>x</x>",
    '<a href="javascript\u0000:alert(1)">x</a>',
]

SCRIPT_CAPABLE_TAGS = {
    "script", "style", "iframe", "object", "embed", "svg", "math", "img", "form", "input",
    "base", "link", "meta", "template", "noscript", "video", "audio", "source", "details", "body",
}  # fmt: skip


class _Markup(HTMLParser):
    """Collects the real tags and attributes of the HTML (escaped text is not markup)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def _assert_safe(html: str) -> None:
    parser = _Markup()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag in ALLOWED_TAGS and tag not in SCRIPT_CAPABLE_TAGS, (tag, html)
        for name, value in attrs:
            assert not name.startswith("on"), (name, html)
            value = (value or "").strip().lower()
            if name in ("href", "src", "action", "background"):
                # Browsers drop tabs and newlines in URLs; what is left before ":" is a scheme
                # only if it has scheme syntax, otherwise the URL is relative and harmless.
                scheme = re.sub(r"[\t\n\r]", "", value).split(":", 1)[0] if ":" in value else ""
                if re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme):
                    assert scheme in ("http", "https", "mailto"), (value, html)
            if name == "style":
                assert re.fullmatch(r"text-align:\s*(left|right|center)", value), (value, html)


def test_corpus_is_large_enough():
    assert len(XSS_PAYLOADS) >= 50


def test_xss_payloads_render_without_script_capable_markup():
    for payload in XSS_PAYLOADS:
        html = render_markdown(payload).html
        _assert_safe(html)
        _assert_safe(sanitise(payload))  # the allow-list alone, for HTML from any other source


def test_sanitise_keeps_ordinary_markdown():
    html = render_markdown(
        "**vet** _schuin_ ~~weg~~ [link](https://velon.nl)\n\n| a |\n|:-:|\n| b |"
    ).html
    assert "<strong>vet</strong>" in html and "<em>schuin</em>" in html and "<s>weg</s>" in html
    assert '<a href="https://velon.nl" rel="nofollow ugc noopener">link</a>' in html
    assert '<td style="text-align:center">b</td>' in html


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_sanitising_is_idempotent(text):
    once = sanitise(text)
    assert sanitise(once) == once


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(XSS_PAYLOADS + ["**", "[", "](", "<", ">", "\n", "| a |"]), max_size=6)
)
def test_rendered_markdown_is_a_fixed_point_of_sanitising(parts):
    html = render_markdown("".join(parts)).html
    _assert_safe(html)
    assert sanitise(html) == html
