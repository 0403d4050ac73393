"""Site settings from site.yml, with sensible defaults when the file or a key is absent."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

from jiedu.errors import JieduError
from jiedu.theme import THEME  # Jiedu's own templates/ and static/, which a project's replace


@dataclass(frozen=True)
class ProjectPaths:
    """Where a Jiedu project keeps its inputs."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def static(self) -> Path:
        return self.root / "static"

    @property
    def template_folders(self) -> tuple[Path, ...]:
        """Where templates are looked up, first match wins: the project's, then Jiedu's."""
        return _own_then_theme(self.templates, THEME / "templates")

    @property
    def static_folders(self) -> tuple[Path, ...]:
        """Where static files come from, the project's first (they win), then Jiedu's."""
        return _own_then_theme(self.static, THEME / "static")

    @property
    def glossary(self) -> Path:
        return self.root / "glossary.yml"

    @property
    def config(self) -> Path:
        return self.root / "site.yml"


def _own_then_theme(own: Path, theme: Path) -> tuple[Path, ...]:
    same = own.resolve() == theme.resolve()  # this repository's own project
    return (own,) if same else (own, theme)


@dataclass(frozen=True)
class SiteConfig:
    title: str = "解读·政府工作报告"
    description: str = "政府工作报告全文，术语随文注释。"
    base_url: str = "/"
    language: str = "zh-CN"
    repository: str | None = None

    @property
    def base_path(self) -> str:
        """The path part of base_url, always with leading and trailing slash ("/repo/")."""
        path = self.base_url
        if "://" in path:
            path = "/" + path.split("://", 1)[1].partition("/")[2]
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    def absolute(self, relative_url: str) -> str:
        """An absolute URL (or root-relative path when base_url has no host) for a site path."""
        return self.base_url.rstrip("/") + "/" + relative_url.lstrip("/")


def load_config(path: Path, base_url: str | None = None) -> SiteConfig:
    # yaml is imported here, not above: build.py's no-op check imports this module only
    # for ProjectPaths and must start fast.
    import yaml

    from jiedu.yaml_depth import check_depth

    config = SiteConfig()
    if path.exists():
        text = path.read_text(encoding="utf-8")
        check_depth(text, path)
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            raise JieduError(
                path,
                f"not valid YAML: {getattr(error, 'problem', error)}",
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
            ) from None
        if not isinstance(data, dict):
            raise JieduError(path, "expected a mapping of settings (key: value)", line=1)
        known = {f.name for f in fields(SiteConfig)}
        lines = _key_lines(text)
        for key, value in data.items():
            if key not in known:
                raise JieduError(
                    path,
                    f"unknown setting '{key}'; known settings: {', '.join(sorted(known))}",
                    line=lines.get(key),
                )
            if value is not None and not isinstance(value, str):
                raise JieduError(path, f"'{key}' must be text", line=lines.get(key))
        config = replace(config, **{k: v for k, v in data.items() if v is not None})
    if base_url is not None:
        config = replace(config, base_url=base_url)
    if not config.base_url.endswith("/"):
        config = replace(config, base_url=config.base_url + "/")
    return config


def _key_lines(text: str) -> dict[str, int]:
    import yaml

    node = yaml.compose(text)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value}
