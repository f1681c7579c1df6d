namespace MetaOpt.Launcher.Cli;

/// <summary>
/// A plain-text table that fits a width without ever splitting a number or a name: columns marked wrappable break
/// between words only; when that is not enough the columns with a drop rank leave, lowest rank first (a note under the
/// table names them), and a first cell still too long gets a line of its own. The first column never leaves.
/// </summary>
internal sealed class TextTable
{
    private const string Gap = "  ";
    private readonly List<ColumnSpec> _columns = [];
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a column.</summary>
    /// <param name="header">The heading.</param>
    /// <param name="rightAligned">True for numbers.</param>
    /// <param name="wrap">True when the cells are text that may break between words (descriptions, lists).</param>
    /// <param name="dropRank">0 when the column always stays; otherwise columns with lower ranks leave first.</param>
    public TextTable Column(string header, bool rightAligned = false, bool wrap = false, int dropRank = 0)
    {
        _columns.Add(new ColumnSpec(header, rightAligned, wrap, dropRank));
        return this;
    }

    /// <summary>Adds a row: one cell per column, in the order the columns were added.</summary>
    public void Row(params string[] cells)
    {
        if (cells.Length != _columns.Count)
            throw new ArgumentException($"a row needs {_columns.Count} cells, not {cells.Length}", nameof(cells));
        _rows.Add(cells);
    }

    /// <summary>Writes the table in at most <paramref name="width"/> columns (wider only when even the kept cells do not fit).</summary>
    public void Write(TextWriter output, int width)
    {
        var shown = Enumerable.Range(0, _columns.Count).ToList();
        var widths = _columns.Select((c, i) => Cells(i).Max(s => s.Length)).ToArray();
        // A name longer than a third of the width is given a line of its own rather than pushing other columns out.
        var natural = widths[0];
        widths[0] = Math.Min(natural, Math.Max(_columns[0].Header.Length, width / 3));
        var dropped = new List<string>();
        while (true)
        {
            Narrow(shown, widths, width);
            if (Total(shown, widths) <= width)
                break;
            var leaving = shown.Where(i => _columns[i].DropRank > 0).OrderBy(i => _columns[i].DropRank).ThenByDescending(i => i).Cast<int?>().FirstOrDefault();
            if (leaving is not { } index)
                break;
            shown.Remove(index);
            dropped.Add(_columns[index].Header);
        }
        widths[0] = Math.Max(widths[0], Math.Min(natural, width - (Total(shown, widths) - widths[0])));
        WriteLine(output, shown, widths, shown.Select(i => _columns[i].Header).ToArray());
        WriteLine(output, shown, widths, shown.Select(i => new string('-', widths[i])).ToArray());
        foreach (var row in _rows)
        {
            var cells = shown.Select(i => row[i]).ToArray();
            if (cells[0].Length > widths[0])
            {
                output.WriteLine(cells[0]);
                cells[0] = "";
            }
            WriteLine(output, shown, widths, cells);
        }
        if (dropped.Count > 0)
        {
            foreach (var line in Wrap($"(left out to fit {width} columns: {string.Join(", ", dropped)}; widen the terminal or use --format json)", width))
                output.WriteLine(line);
        }
    }

    private IEnumerable<string> Cells(int column) => _rows.Select(r => r[column]).Prepend(_columns[column].Header);

    private static int Total(List<int> shown, int[] widths) => shown.Sum(i => widths[i]) + Gap.Length * (shown.Count - 1);

    /// <summary>Shrinks the wrappable columns, widest first, down to their longest word, until the table fits.</summary>
    private void Narrow(List<int> shown, int[] widths, int width)
    {
        var wrappable = shown.Where(i => _columns[i].Wrap).ToList();
        var floor = wrappable.ToDictionary(i => i, i => Cells(i).SelectMany(Words).Max(w => w.Length));
        while (Total(shown, widths) > width)
        {
            var widest = wrappable.Where(i => widths[i] > floor[i]).OrderByDescending(i => widths[i]).Cast<int?>().FirstOrDefault();
            if (widest is not { } i)
                return;
            widths[i] = Math.Max(floor[i], widths[i] - (Total(shown, widths) - width));
        }
    }

    private void WriteLine(TextWriter output, List<int> shown, int[] widths, string[] cells)
    {
        var lines = cells.Select((cell, k) => _columns[shown[k]].Wrap ? Wrap(cell, widths[shown[k]]) : [cell]).ToArray();
        for (var line = 0; line < lines.Max(l => l.Count); line++)
        {
            var parts = shown.Select((column, k) =>
            {
                var text = line < lines[k].Count ? lines[k][line] : "";
                return _columns[column].RightAligned ? text.PadLeft(widths[column]) : text.PadRight(widths[column]);
            });
            output.WriteLine(string.Join(Gap, parts).TrimEnd());
        }
    }

    private static string[] Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } words ? words : [""];

    /// <summary>The text broken between words into lines of at most <paramref name="width"/> characters.</summary>
    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in Words(text))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > width)
            {
                lines.Add(current);
                current = word;
            }
            else
                current = current.Length == 0 ? word : $"{current} {word}";
        }
        lines.Add(current);
        return lines;
    }

    private sealed record ColumnSpec(string Header, bool RightAligned, bool Wrap, int DropRank);
}
