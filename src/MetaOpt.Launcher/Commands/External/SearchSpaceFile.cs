using System.Text;
using System.Text.Json;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.External;

/// <summary>
/// Reads the search space that <c>metaopt ask --search-space</c> takes: a JSON object with one entry per parameter,
/// <c>{"type": "float", "low": 1e-5, "high": 0.1, "log": true}</c>, <c>{"type": "int", "low": 1, "high": 8,
/// "step": 1}</c> or <c>{"type": "categorical", "choices": ["adam", "sgd"]}</c> (docs/user-studies.md), read by the
/// engine's <see cref="DistributionJson"/>.
/// </summary>
internal static class SearchSpaceFile
{
    // Far beyond any search space, and small enough that /dev/zero or a wrong file is refused before it fills memory.
    private const int MaxBytes = 1 << 20;

    /// <summary>The parameters in file order, each checked as the trial API would check it.</summary>
    /// <exception cref="LauncherException">The file is missing or unreadable (exit 2), or a parameter is malformed, naming it.</exception>
    public static IReadOnlyDictionary<string, Distribution> Read(string path)
    {
        if (Directory.Exists(path))
            throw LauncherException.Usage($"cannot read the search space '{path}': it is a directory; pass a JSON file");
        string text;
        try
        {
            text = ReadAtMost(path, MaxBytes)
                   ?? throw LauncherException.Usage($"cannot read the search space '{path}': it is larger than 1 MiB, which no search space needs");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw LauncherException.Usage($"cannot read the search space '{path}': {Format.Reason(e)}");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw LauncherException.Usage($"search space '{path}' is not valid JSON: {Format.Reason(e)}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.EnumerateObject().Any())
                throw LauncherException.Usage($"search space '{path}' must be a JSON object with one entry per parameter, such as {{\"lr\": {{\"type\": \"float\", \"low\": 0.0001, \"high\": 0.1, \"log\": true}}}}");
            var space = new Dictionary<string, Distribution>(StringComparer.Ordinal);
            foreach (var parameter in document.RootElement.EnumerateObject())
            {
                if (string.IsNullOrWhiteSpace(parameter.Name) || space.ContainsKey(parameter.Name))
                    throw LauncherException.Usage($"search space '{path}': parameter name '{Format.Name(parameter.Name)}' is empty or repeated");
                // 'ask' prints one name=value line each: a newline or a terminal escape would break them.
                if (!Format.IsPrintable(parameter.Name))
                    throw LauncherException.Usage($"search space '{path}': parameter name '{Format.Name(parameter.Name)}' has a control character: use printable characters");
                try
                {
                    space[parameter.Name] = Parse(parameter.Value);
                }
                catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or InvalidDataException)
                {
                    throw LauncherException.Usage($"search space '{path}', parameter '{Format.Name(parameter.Name)}': {Format.Reason(e)}");
                }
            }
            return space;
        }
    }

    /// <summary>The file's text, or null when it holds more than <paramref name="limit"/> bytes (a device such as /dev/zero never ends).</summary>
    private static string? ReadAtMost(string path, int limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[limit + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            length += read;
        if (length > limit)
            return null;
        // As File.ReadAllText reads it: UTF-8 unless a byte order mark says otherwise.
        using var reader = new StreamReader(new MemoryStream(buffer, 0, length), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>The engine's reading of a distribution, with the choice names 'ask' prints checked as the parameter names are.</summary>
    private static Distribution Parse(JsonElement entry)
    {
        var distribution = DistributionJson.Read(entry);
        if (distribution is CategoricalDistribution c && c.Choices.OfType<string>().FirstOrDefault(choice => !Format.IsPrintable(choice)) is { } bad)
            throw new FormatException($"choice '{Format.Name(bad)}' has a control character: use printable characters");
        return distribution;
    }
}
