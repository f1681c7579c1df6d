using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetaOpt;

/// <summary>
/// MetaOpt's one JSON form of a <see cref="Distribution"/>, used by the worker protocol, the PostgreSQL storage and the
/// launcher's search-space files: <c>{"kind": "float", "low": 0.001, "high": 1, "log": true, "step": null}</c>,
/// <c>{"kind": "int", "low": 1, "high": 9, "log": false, "step": 2}</c> or
/// <c>{"kind": "categorical", "choices": [["s", "adam"], ["i", 3], ["b", true]]}</c>, choices as
/// <see cref="ValueJson"/>'s <c>[type, value]</c> pairs so they come back with their exact types.
/// </summary>
/// <remarks>
/// The reader also takes the hand-written form of search-space files: <c>"type"</c> for <c>"kind"</c>, plain
/// choices, and <c>log</c> and <c>step</c> left out (false, and no step or 1).
/// </remarks>
public static class DistributionJson
{
    private static readonly string[] Kinds = ["float", "int", "categorical"];

    /// <summary>Writes the distribution with every setting.</summary>
    /// <exception cref="NotSupportedException">The distribution is not a float, int or categorical one.</exception>
    public static void Write(Utf8JsonWriter writer, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        switch (distribution)
        {
            case FloatDistribution f:
                writer.WriteString("kind", "float");
                writer.WritePropertyName("low");
                ValueJson.WriteDouble(writer, f.Low);
                writer.WritePropertyName("high");
                ValueJson.WriteDouble(writer, f.High);
                writer.WriteBoolean("log", f.Log);
                writer.WritePropertyName("step");
                if (f.Step is { } step)
                    ValueJson.WriteDouble(writer, step);
                else
                    writer.WriteNullValue();
                break;
            case IntDistribution i:
                writer.WriteString("kind", "int");
                writer.WriteNumber("low", i.Low);
                writer.WriteNumber("high", i.High);
                writer.WriteBoolean("log", i.Log);
                writer.WriteNumber("step", i.Step);
                break;
            case CategoricalDistribution c:
                writer.WriteString("kind", "categorical");
                writer.WriteStartArray("choices");
                for (var index = 0; index < c.Choices.Count; index++)
                    ValueJson.WriteTyped(writer, $"choice #{index}", c.Choices[index]);
                writer.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"MetaOpt has no JSON form for a {distribution?.GetType().Name ?? "null"}.");
        }
        writer.WriteEndObject();
    }

    /// <summary>The distribution as a JSON node, for messages built as nodes.</summary>
    public static JsonObject ToNode(Distribution distribution) =>
        JsonNode.Parse(ValueJson.Text(writer => Write(writer, distribution)))!.AsObject();

    /// <summary>Reads a distribution from a JSON node.</summary>
    /// <exception cref="InvalidDataException">The node is not a distribution, naming the bad key.</exception>
    /// <exception cref="ArgumentException">The settings are inconsistent, as the distribution's constructor says.</exception>
    public static Distribution Read(JsonNode? node)
    {
        using var document = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return Read(document.RootElement);
    }

    /// <summary>Reads a distribution, refusing keys the kind does not have.</summary>
    /// <exception cref="InvalidDataException">The element is not a distribution, naming the bad key.</exception>
    /// <exception cref="ArgumentException">The settings are inconsistent, as the distribution's constructor says.</exception>
    public static Distribution Read(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException("must be an object with \"kind\" (or \"type\"): float, int or categorical");
        var tag = entry.TryGetProperty("kind", out _) || !entry.TryGetProperty("type", out _) ? "kind" : "type";
        var kind = entry.TryGetProperty(tag, out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        var allowed = kind switch
        {
            "float" or "int" => new[] { tag, "low", "high", "log", "step" },
            "categorical" => [tag, "choices"],
            null when !entry.TryGetProperty(tag, out _) =>
                throw new InvalidDataException($"\"kind\" (or \"type\") is missing: use one of {string.Join(", ", Kinds)}"),
            _ => throw new InvalidDataException($"\"{tag}\" is '{kind ?? k.GetRawText()}': use one of {string.Join(", ", Kinds)}"),
        };
        if (entry.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => !allowed.Contains(name)) is { } unknown)
            throw new InvalidDataException($"unknown key \"{unknown}\" for a {kind}: use {string.Join(", ", allowed)}");
        return kind switch
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
            : throw new InvalidDataException($"\"{key}\" must be a number");

    private static int Whole(JsonElement entry, string key) =>
        entry.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var whole)
            ? whole
            : throw new InvalidDataException($"\"{key}\" must be a whole number");

    private static bool Flag(JsonElement entry, string key) =>
        !entry.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null ? false
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw new InvalidDataException($"\"{key}\" must be true or false");

    private static List<object> Choices(JsonElement entry)
    {
        if (!entry.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            throw new InvalidDataException("\"choices\" must be a non-empty array of strings, numbers or booleans");
        return choices.EnumerateArray().Select(ValueJson.ReadTyped).ToList();
    }
}
