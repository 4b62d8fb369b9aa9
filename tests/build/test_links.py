"""Every internal link of the built site resolves: the file exists, and a #fragment names an
element id on the target page. External links are listed (with -rA or on failure), never fetched."""

from __future__ import annotations

from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

LINK_ATTRS = {"href", "src", "action", "poster"}
# Schemes that are not files on this site, and need no checking.
SKIP_SCHEMES = {"mailto", "tel", "data", "blob", "javascript"}
SITE = "http://site.invalid/"  # a stand-in origin to resolve relative URLs against


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("id", "name") and value and (key == "id" or tag == "a"):
                self.ids.add(value)
            elif key in LINK_ATTRS and value:
                self.links.append(value)
            elif key == "srcset" and value:
                self.links.extend(part.split()[0] for part in value.split(",") if part.strip())


@cache
def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def target_file(site: Path, url_path: str) -> Path | None:
    """The file a URL path is served from (directory URLs serve their index.html)."""
    path = site / unquote(url_path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def check_site(site: Path, origin: str = "") -> tuple[list[str], list[str]]:
    """(broken internal links, external links), each as 'page: url (why)'.

    ``origin`` is the site's own ``site_url`` (canonical links use it): those are internal too.
    """
    broken, external = [], []
    for page_path in sorted(site.rglob("*.html")):
        rel = page_path.relative_to(site).as_posix()
        base = urljoin(SITE, rel)
        for link in parse(page_path).links:
            own = origin and link.startswith(origin)
            url = urlparse(urljoin(base, SITE + link[len(origin) :] if own else link))
            if url.scheme in SKIP_SCHEMES:
                continue
            if f"{url.scheme}://{url.netloc}/" != SITE:
                external.append(f"{rel}: {link}")
                continue
            target = target_file(site, url.path)
            if target is None:
                broken.append(f"{rel}: {link} (no file {url.path})")
            elif (
                url.fragment
                and target.suffix == ".html"
                and unquote(url.fragment) not in parse(target).ids
            ):
                broken.append(
                    f"{rel}: {link} (no id '{url.fragment}' on {target.relative_to(site)})"
                )
    return broken, external


def test_every_internal_link_resolves(built_site, site_url):
    """Internal href/src point at a file of the site, and fragments at an id on that page."""
    broken, external = check_site(built_site, site_url)
    urls = sorted({entry.split(": ", 1)[1] for entry in external})
    print(
        f"{len(urls)} external URLs, linked {len(external)} times (not fetched):", *urls, sep="\n  "
    )
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken)


def test_the_checker_catches_a_missing_file_and_a_missing_anchor(tmp_path):
    """A link to a missing page and one to a missing id are both reported; good ones are not."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2>')
    (tmp_path / "index.html").write_text(
        '<a href="a/#here">ok</a><a href="a/#gone">bad id</a><a href="b/">no page</a>'
        '<a href="https://example.org/">out</a><a href="#top">self</a><p id="top"></p>'
        '<link rel="canonical" href="https://me.example/a/"><a href="https://me.example/c/">c</a>'
    )
    broken, external = check_site(tmp_path, "https://me.example/")
    assert broken == [
        "index.html: a/#gone (no id 'gone' on a/index.html)",
        "index.html: b/ (no file /b/)",
        "index.html: https://me.example/c/ (no file /c/)",
    ]
    assert external == ["index.html: https://example.org/"]
