"""Jiedu (解读): turns Chinese government work reports into annotated web pages.

The pipeline, one module per stage:
importer (seeds/*.txt -> content/*.md) -> content (front matter -> Report)
-> glossary (glossary.yml -> Glossary) -> markdown + annotate (Markdown -> HTML with terms)
-> pages (Jinja2 templates) -> write (site/, atomically) ; serve and check sit at the edges.
"""
