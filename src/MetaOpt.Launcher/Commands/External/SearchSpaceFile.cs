using System.Text;
using System.Text.Json;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.External;

/// <summary>
/// Reads the search space that <c>metaopt ask --search-space</c> takes: a JSON object with one entry per parameter,
/// <c>{"type": "float", "low": 1e-5, "high": 0.1, "log": true}</c>, <c>{"type": "int", "low": 1, "high": 8,
/// "step": 1}</c> or <c>{"type": "categorical", "choices": ["adam", "sgd"]}</c> (docs/user-studies.md).
/// </summary>
internal static class SearchSpaceFile
{
    private static readonly string[] Types = ["float", "int", "categorical"];

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
                catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
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

    private static Distribution Parse(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
            throw new FormatException("must be an object with \"type\": float, int or categorical");
        var type = entry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var allowed = type switch
        {
            "float" => new[] { "type", "low", "high", "log", "step" },
            "int" => ["type", "low", "high", "log", "step"],
            "categorical" => ["type", "choices"],
            _ => throw new FormatException($"\"type\" is '{type ?? "missing"}': use one of {string.Join(", ", Types)}"),
        };
        if (entry.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => !allowed.Contains(name)) is { } unknown)
            throw new FormatException($"unknown key \"{unknown}\" for a {type}: use {string.Join(", ", allowed)}");
        return type switch
        {
            "float" => new FloatDistribution(Number(entry, "low"), Number(entry, "high"), Flag(entry, "log"),
                entry.TryGetProperty("step", out var step) && step.ValueKind != JsonValueKind.Null ? Number(entry, "step") : null),
            "int" => new IntDistribution(Whole(entry, "low"), Whole(entry, "high"), Flag(entry, "log"),
                entry.TryGetProperty("step", out _) ? Whole(entry, "step") : 1),
            _ => new CategoricalDistribution(Choices(entry)),
        };
    }

    private static double Number(JsonElement entry, string key) =>
        entry.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new FormatException($"\"{key}\" must be a number");

    private static int Whole(JsonElement entry, string key) =>
        entry.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var whole)
            ? whole
            : throw new FormatException($"\"{key}\" must be a whole number");

    private static bool Flag(JsonElement entry, string key) =>
        !entry.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null ? false
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw new FormatException($"\"{key}\" must be true or false");

    private static List<object> Choices(JsonElement entry)
    {
        if (!entry.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            throw new FormatException("\"choices\" must be a non-empty array of strings, numbers or booleans");
        return choices.EnumerateArray().Select(c => c.ValueKind switch
        {
            JsonValueKind.String when !Format.IsPrintable(c.GetString()!) =>
                throw new FormatException($"choice '{Format.Name(c.GetString()!)}' has a control character: use printable characters"),
            JsonValueKind.String => (object)c.GetString()!,
            JsonValueKind.True or JsonValueKind.False => c.GetBoolean(),
            JsonValueKind.Number when c.TryGetInt32(out var whole) => whole,
            JsonValueKind.Number => c.GetDouble(),
            _ => throw new FormatException($"choice {c.GetRawText()} is not a string, number or boolean"),
        }).ToList();
    }
}
