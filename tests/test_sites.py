"""Site files: loading, validation errors that name the file and key, selector evaluation."""

from pathlib import Path

import pytest
from parsel import Selector

from crawler.sites import SiteConfigError, load_site_file, select


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_site_file_loads_css_and_xpath(tmp_path):
    path = write(
        tmp_path,
        "site.toml",
        '[selectors]\nentries = "div.row"\nnext_page = "//li[@class=\'next\']/a"\n',
    )
    config = load_site_file(path)
    assert config.selectors.entries == "div.row"
    assert config.selectors.next_page == "//li[@class='next']/a"
    assert config.selectors.body is None


def test_yaml_site_file_loads(tmp_path):
    path = write(
        tmp_path, "site.yaml", "selectors:\n  headline: h1.title\n  body: 'xpath://article'\n"
    )
    config = load_site_file(path)
    assert config.selectors.headline == "h1.title"
    assert config.selectors.body == "xpath://article"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.toml", '[selectors]\nentrys = "div"\n', "selectors.entrys: unknown key"),
        ("b.toml", 'colour = "red"\n', "colour: unknown key"),
        ("c.toml", '[selectors]\nbody = "div[["\n', "selectors.body: invalid selector"),
        ("d.toml", "[selectors]\nbody = 3\n", "selectors.body: expected a non-empty string"),
        ("e.toml", "[selectors\n", "not valid TOML"),
        ("f.yaml", "selectors: [a, b]\n", "selectors: expected a table"),
        ("g.yaml", "selectors: {headline: 'x'\n", "not valid YAML"),
        ("h.json", "{}", "must end in .toml, .yaml or .yml"),
        ("i.toml", '[selectors]\nnext_page = "//a[@x="\n', "selectors.next_page: invalid selector"),
    ],
)
def test_bad_site_files_name_file_key_and_reason(tmp_path, name, text, expected):
    path = write(tmp_path, name, text)
    with pytest.raises(SiteConfigError) as info:
        load_site_file(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert expected in message


def test_missing_site_file_is_a_clear_error(tmp_path):
    with pytest.raises(SiteConfigError, match="cannot read site file"):
        load_site_file(tmp_path / "absent.toml")


def test_yaml_is_loaded_safely(tmp_path):
    path = write(tmp_path, "evil.yaml", "selectors: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(SiteConfigError, match="not valid YAML"):
        load_site_file(path)


def test_select_is_relative_to_the_node():
    page = Selector(
        text="<div class='e'><a href='/1'>one</a></div><div class='e'><a href='/2'>two</a></div>"
    )
    entries = select(page, "div.e")
    assert len(entries) == 2
    assert [n.attrib["href"] for n in select(entries[1], "//a")] == ["/2"]
    assert [n.attrib["href"] for n in select(entries[0], "a")] == ["/1"]
