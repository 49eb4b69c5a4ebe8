"""Build small issue folders in a temporary directory for tests."""
from pathlib import Path

from PIL import Image

ZH_BODY = "近年来，我省公安机关统筹高质量发展和高水平安全，以新警务理念为先导，扎实推进新型警务运行模式。" * 3


def write_issue(root: Path, *, issue_yaml: str | None = None, articles: dict[str, str] | None = None,
                photo: bool = True) -> Path:
    folder = root / "mini"
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    (folder / "images").mkdir(exist_ok=True)
    if photo:
        Image.new("RGB", (300, 200), (120, 140, 160)).save(folder / "images" / "p.png")
    (folder / "issue.yaml").write_text(issue_yaml or (
        "publication: 测试周刊\nlanguage: zh-Hans\nlayout: tabloid-zh\ndate: 2025-04-15\nnumber: 1\n"
        "first_page: 1\npages:\n  - template: front\n    articles: [alpha, beta]\n"
        "  - template: inside\n    articles: [gamma]\n"), encoding="utf-8")
    default = {
        "alpha": f"---\nheadline: 机制牵引 体系重塑\npriority: 1\nphotos:\n  - file: images/p.png\n"
                 f"    caption: 图为民警分析研判线索。\n    credit: 资料图片\n---\n{ZH_BODY}\n\n### 小标题\n\n{ZH_BODY}\n",
        "beta": f"---\nheadline: 景中有“警” 游客畅游更安心\nbyline: □ 韩超\n---\n{ZH_BODY}\n",
        "gamma": f"---\noverline: 为应对极端大风天气——\nheadline: 联勤值守 精准防控\n---\n{ZH_BODY}\n",
    }
    default.update(articles or {})
    for slug, text in default.items():
        if text is not None:
            (folder / "articles" / f"{slug}.md").write_text(text, encoding="utf-8")
    return folder
