"""The new text of an emailed reply: quoted history, signatures and phone footers removed.

Mail programs quote differently: Gmail and Apple Mail write an "On <date>, <name> wrote:" line
(Dutch: "Op ... schreef ...:", "Op ... heeft ... het volgende geschreven:") above the quote,
Outlook a "From: / Sent:" (Dutch "Van: / Verzonden:") block or an "Original Message" rule
without any ">" quoting, and in HTML all of them wrap the history in a known element (Gmail's
div.gmail_quote, Apple's blockquote type=cite, Outlook's div#divRplyFwdMsg and what follows it).
Everything from the first such marker on is dropped, as are ">" lines and a signature after
"-- ". HTML-only mail is turned into plain text first.
"""

import re
from email.message import EmailMessage

from bs4 import BeautifulSoup, Tag

ORIGINAL_RULE = re.compile(
    r"^\s*-{2,}\s*(original message|oorspronkelijk bericht|origineel bericht|"
    r"forwarded message|doorgestuurd bericht)\s*-{2,}\s*$",
    re.IGNORECASE,
)
# "On Thu, 3 Dec 2026 at 10:12, Anouk <…> wrote:", "Op do 3 dec. 2026 om 10:12 schreef …:",
# "Op 3 dec. 2026 om 10:12 heeft Anouk het volgende geschreven:"; Gmail may wrap it over two lines.
WROTE = re.compile(
    r"^\s*(on|op|le|am)\s.{4,300}(wrote|schreef|geschreven|a écrit|schrieb)\s*:\s*$",
    re.IGNORECASE | re.DOTALL,
)
HEADER_FROM = re.compile(r"^\s*\*?(from|van|de|von)\s*:\*?\s", re.IGNORECASE)
HEADER_NEXT = re.compile(
    r"^\s*\*?(sent|verzonden|date|datum|to|aan|subject|onderwerp)\s*:\*?\s", re.IGNORECASE
)
OUTLOOK_RULE = re.compile(r"^\s*_{10,}\s*$")
SIGNATURE = re.compile(r"^--\s*$")
PHONE_FOOTER = re.compile(
    r"^\s*(sent from my|verzonden (vanaf|met) mijn|verstuurd (vanaf|met) mijn|"
    r"get outlook for|download outlook for|outlook voor)\b",
    re.IGNORECASE,
)
# Elements that hold quoted history; for the Outlook ones the history is what follows them.
QUOTE_SELECTORS = (
    "div.gmail_quote",
    "div.gmail_extra",
    "div.gmail_signature",
    "blockquote",
    "div.moz-cite-prefix",
    "div.yahoo_quoted",
)
OUTLOOK_SELECTORS = ("div#divRplyFwdMsg", "div#appendonsend", "div#x_divRplyFwdMsg")
BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol")


def strip_quoted(text: str) -> str:
    """The lines a member wrote above the history they reply to."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        following = lines[index + 1 : index + 5]
        if (
            ORIGINAL_RULE.match(line)
            or (
                OUTLOOK_RULE.match(line)
                and any(HEADER_FROM.match(next_line) for next_line in following[:2])
            )
            or (
                HEADER_FROM.match(line)
                and any(HEADER_NEXT.match(next_line) for next_line in following)
            )
            or WROTE.match(line)
            or (following and WROTE.match(f"{line} {following[0]}"))
            or SIGNATURE.match(line)
        ):
            break
        if line.lstrip().startswith(">") or PHONE_FOOTER.match(line):
            continue
        kept.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def html_to_text(html: str) -> str:
    """Plain text of an HTML mail without its quoted history; paragraphs kept."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["style", "script", "head", "title"]):
        element.decompose()
    for selector in OUTLOOK_SELECTORS:
        for marker in soup.select(selector):
            for sibling in list(marker.find_next_siblings()):
                sibling.decompose()
            marker.decompose()
    for selector in QUOTE_SELECTORS:
        for element in soup.select(selector):
            element.decompose()
    for element in soup.find_all(BLOCKS):
        if isinstance(element, Tag):
            element.insert_before("\n")
            element.insert_after("\n")
    text = soup.get_text()
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def reply_text(message: EmailMessage) -> tuple[str, list[str]]:
    """The reply's new text, and the file names of its attachments (which are not posted)."""
    plain = html = None
    attachments: list[str] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        if part.get_content_disposition() == "attachment" or (
            filename and part.get_content_maintype() != "text"
        ):
            attachments.append(filename or part.get_content_type())
            continue
        content_type = part.get_content_type()
        if content_type == "text/plain" and plain is None:
            plain = _decoded(part)
        elif content_type == "text/html" and html is None:
            html = _decoded(part)
    if plain is not None and plain.strip():
        text = plain
    elif html is not None:
        text = html_to_text(html)
    else:
        text = ""
    return strip_quoted(text), attachments


def _decoded(part) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeDecodeError):  # an unknown or wrong charset: keep what reads
        content = part.get_payload(decode=True).decode("utf-8", errors="replace")
    return content if isinstance(content, str) else content.decode("utf-8", errors="replace")
