using System.Text;

namespace MetaOpt;

/// <summary>Python's JSON, which writes NaN and the infinities as bare <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>.</summary>
internal static class PythonJson
{
    /// <summary>
    /// The text with those bare words, outside strings, quoted, so a standard reader takes them and
    /// <see cref="ValueJson.ReadDouble"/> reads them back as the numbers.
    /// </summary>
    public static string Standard(string json)
    {
        if (!json.Contains("NaN", StringComparison.Ordinal) && !json.Contains("Infinity", StringComparison.Ordinal))
            return json;
        var result = new StringBuilder(json.Length + 8);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < json.Length)
                    result.Append(json[++i]);
                else if (c == '"')
                    inString = false;
                continue;
            }
            var word = Bare(json, i);
            if (word is not null)
            {
                result.Append('"').Append(word).Append('"');
                i += word.Length - 1;
                continue;
            }
            inString = c == '"';
            result.Append(c);
        }
        return result.ToString();
    }

    private static string? Bare(string json, int at)
    {
        foreach (var word in (ReadOnlySpan<string>)["NaN", "-Infinity", "Infinity"])
            if (string.CompareOrdinal(json, at, word, 0, word.Length) == 0)
                return word;
        return null;
    }
}
