using System.Net;
using System.Text;

namespace MetaOpt.Reports.Html;

/// <summary>
/// A self-contained HTML page built from escaped parts: styles and images inline, nothing fetched from anywhere,
/// so the report can be mailed or archived as one file.
/// </summary>
internal sealed class HtmlPage
{
    // Marks the body with how many images decoded, so a headless browser (and our test) can tell a broken page.
    private const string ImageCheckScript = """
        window.addEventListener('load', function () {
          var images = Array.prototype.slice.call(document.images);
          var loaded = images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
          document.body.setAttribute('data-images-total', String(images.length));
          document.body.setAttribute('data-images-loaded', String(loaded));
        });
        """;

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }
        h1 { margin-bottom: 0.2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
        .subtitle { color: #666; margin-top: 0; }
        .notice { background: #fff7e0; border-left: 4px solid #f0b400; padding: 0.6rem 1rem; }
        .columns { display: flex; flex-wrap: wrap; gap: 2rem; align-items: flex-start; }
        table { border-collapse: collapse; margin: 0.6rem 0; }
        caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
        th, td { border: 1px solid #ddd; padding: 0.25rem 0.7rem; text-align: left; vertical-align: top; }
        th { background: #f4f4f4; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
        figure { margin: 1.5rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption { color: #555; font-size: 0.92rem; margin-top: 0.3rem; }
        """;

    private readonly string _title;
    private readonly StringBuilder _body = new();

    public HtmlPage(string title) => _title = title;

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    public HtmlPage Heading(int level, string text)
    {
        _body.Append($"<h{level}>{Escape(text)}</h{level}>\n");
        return this;
    }

    public HtmlPage Paragraph(string text, string? cssClass = null)
    {
        _body.Append(cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">").Append(Escape(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A table; cells that parse as numbers are right-aligned.</summary>
    public HtmlPage Table(string caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table>\n<caption>").Append(Escape(caption)).Append("</caption>\n<tr>");
        foreach (var header in headers)
            _body.Append("<th>").Append(Escape(header)).Append("</th>");
        _body.Append("</tr>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row)
                _body.Append(double.TryParse(cell.TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture, out _) ? "<td class=\"number\">" : "<td>")
                    .Append(Escape(cell)).Append("</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</table>\n");
        return this;
    }

    /// <summary>A paragraph ending in a link to a file beside the page.</summary>
    public HtmlPage Link(string text, string fileName)
    {
        _body.Append("<p>").Append(Escape(text)).Append("<a href=\"").Append(Escape(Uri.EscapeDataString(fileName))).Append("\">")
            .Append(Escape(fileName)).Append("</a></p>\n");
        return this;
    }

    /// <summary>Lays out what <paramref name="content"/> adds side by side.</summary>
    public HtmlPage Columns(Action<HtmlPage> content)
    {
        _body.Append("<div class=\"columns\">\n");
        content(this);
        _body.Append("</div>\n");
        return this;
    }

    public HtmlPage Figure(string title, string caption, byte[] png)
    {
        _body.Append("<figure>\n<h3>").Append(Escape(title)).Append("</h3>\n")
            .Append("<img alt=\"").Append(Escape(title)).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(png)).Append("\">\n")
            .Append("<figcaption>").Append(Escape(caption)).Append("</figcaption>\n</figure>\n");
        return this;
    }

    public string Render() => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Escape(_title)}</title>
        <style>
        {Style}
        </style>
        </head>
        <body>
        {_body}<script>
        {ImageCheckScript}
        </script>
        </body>
        </html>
        """;
}
