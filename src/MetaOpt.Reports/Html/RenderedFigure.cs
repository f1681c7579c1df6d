namespace MetaOpt.Reports.Html;

/// <summary>A figure after rendering: where its PNG went and the bytes to embed in the page.</summary>
internal sealed record RenderedFigure(ReportFigure Figure, string Path, byte[] Png);
