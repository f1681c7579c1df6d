using System.Globalization;
using System.Text;

namespace MetaOpt.Recommender.Data;

/// <summary>One non-blank line of a data file, with helpers that turn bad fields into errors naming file and line.</summary>
internal readonly record struct DataLine(string FilePath, int Number, string Text)
{
    /// <summary>The non-blank lines of <paramref name="path"/>, numbered from 1, after <paramref name="headerLines"/> skipped lines.</summary>
    public static IEnumerable<DataLine> ReadAll(string path, Encoding encoding, int headerLines = 0)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Missing data file '{path}'.", path);
        int number = 0;
        foreach (var text in File.ReadLines(path, encoding))
        {
            number++;
            if (number <= headerLines || string.IsNullOrWhiteSpace(text)) continue;
            yield return new DataLine(path, number, text.TrimEnd('\r'));
        }
    }

    public MalformedDataException Error(string problem) => new(FilePath, Number, problem);

    /// <summary>Splits on <paramref name="separator"/> and insists on at least <paramref name="minFields"/> fields.</summary>
    public string[] Split(string separator, int minFields, string layout)
    {
        var fields = Text.Split(separator);
        if (fields.Length < minFields)
            throw Error($"expected {minFields} fields ({layout}) separated by '{separator}', found {fields.Length}: '{Text}'");
        return fields;
    }

    public int Int(string field, string name) =>
        int.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"{name} '{field}' is not an integer");

    public long Long(string field, string name) =>
        long.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"{name} '{field}' is not an integer");

    public float Rating(string field)
    {
        if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw Error($"rating '{field}' is not a number");
        if (!(value > 0 && value <= 5)) throw Error($"rating {field} is outside (0, 5]");
        return value;
    }
}
