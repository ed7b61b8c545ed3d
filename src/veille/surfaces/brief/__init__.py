"""The analyst's brief: `build_brief(store, BriefOptions)` then `render_brief(brief, format=)`."""

from veille.surfaces.brief.build import Brief, BriefOptions, build_brief
from veille.surfaces.brief.render import render_brief

__all__ = ["Brief", "BriefOptions", "build_brief", "render_brief"]
